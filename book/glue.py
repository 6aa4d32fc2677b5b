"""``glue`` for chapters that also run outside the book build.

The book pastes computed figures into its prose with myst-nb's ``glue``. Readers who
run a chapter in Binder or Jupyter do not need myst-nb (it is part of the build, not
of the reader's environment), so this wrapper uses myst-nb when it is installed and
otherwise just shows the value when asked to.

When the student edition executes a chapter to write its figures into the text
(:mod:`book.student`), it sets ``GBA_BOOK_RECORD_GLUE``; without myst-nb the value is
then recorded in myst-nb's own output format, so one reader serves both cases.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["glue"]

RECORD_ENV = "GBA_BOOK_RECORD_GLUE"
PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Record ``variable`` under ``name`` for the book's text (see myst-nb's glue).

    Parameters
    ----------
    name : str
        Key used in the prose: ``{glue:text}`name```.
    variable : object
        The value (usually a ready-formatted string).
    display : bool
        Also show the value in the notebook.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        from IPython.display import display as show

        if os.environ.get(RECORD_ENV):
            show(
                {f"{PREFIX}text/plain": repr(variable)},
                raw=True,
                metadata={"scrapbook": {"name": name, "mime_prefix": PREFIX}},
            )
        if display:
            show(variable)
        return
    myst_glue(name, variable, display=display)
