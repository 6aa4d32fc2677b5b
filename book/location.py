"""Where the book's data is: :func:`data_dir` (light: the build's quick check uses it).

:mod:`book.data` re-exports both names; chapters use ``data.load()``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_ENV", "data_dir"]

DATA_ENV = "GBA_BOOK_DATA"
"""Environment variable that points the loader at another data folder (tests)."""


def data_dir() -> Path:
    """Return the data folder the book reads.

    ``$GBA_BOOK_DATA`` if set; else the copy inside the installed package
    (``book/_data/``, in the student package's wheel); else the repository's
    ``data/`` (an editable install from a checkout).
    """
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).resolve()
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "datapackage.json").exists():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"
