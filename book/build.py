"""The one command that builds the book, for make, the tests and the tools.

``python -m book build`` runs it (``make book`` and ``make linkcheck`` do); the
tests, ``tools/bench.py`` and ``tools/preview_chapter.py`` call :func:`command`.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["ARGS", "ROOT", "command"]

ARGS: tuple[str, ...] = ("-W", "-n", "--keep-going")
"""Warnings are errors (``-W``), broken references are warnings (``-n``), and one
build reports every warning before it fails (``--keep-going``)."""

ROOT = Path(__file__).resolve().parent.parent
"""The book's repository (its ``_config.yml`` and ``_toc.yml``)."""


def command(source: Path | str = ROOT, builder: str = "html") -> list[str]:
    """The Jupyter Book command line that builds ``source`` with ``builder``.

    Parameters
    ----------
    source : pathlib.Path or str
        The book's folder (default: this repository).
    builder : str
        A Sphinx builder: ``"html"`` (``_build/html``) or ``"linkcheck"``.

    Returns
    -------
    list of str
        The arguments, ready for :func:`subprocess.run`; ``jupyter-book`` is the one
        next to the running Python (the virtual environment's).

    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return [str(jupyter_book), "build", str(source), "--builder", builder, *ARGS]
