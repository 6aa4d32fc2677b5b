"""``glue`` for chapters that also run outside the book build.

The book pastes computed figures into its prose with myst-nb's ``glue``. Readers who
run a chapter in Binder or Jupyter do not need myst-nb (it is part of the build, not
of the reader's environment), so this wrapper uses myst-nb when it is installed and
otherwise just shows the value when asked to.
"""

from __future__ import annotations

from typing import Any

__all__ = ["glue"]


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
        if display:
            from IPython.display import display as show

            show(variable)
        return
    myst_glue(name, variable, display=display)
