"""Tables in the book: escaped and deterministic.

Chapters show tables with pandas' ``Styler``. Two defaults are wrong for a published
book, so :func:`install` (called by ``book.setup()``) changes them:

* text from data is **escaped** (``styler.format.escape = "html"``, also when a
  chapter calls ``.format(...)``): a city name containing ``<script>`` shows as
  text, it does not run;
* a Styler's element ids come from its **content**, not from a random ``uuid4``, so
  two builds of the same commit give the same HTML.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

__all__ = ["content_id", "install", "installed"]

_original_init = Styler.__init__


def content_id(data: pd.DataFrame | pd.Series) -> str:
    """A short id derived from the table's values (stable across builds)."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    digest = hashlib.sha1(frame.to_csv().encode("utf-8"), usedforsecurity=False)
    return "gba" + digest.hexdigest()[:10]


def _deterministic_init(self: Styler, data: Any, *args: Any, **kwargs: Any) -> None:
    if kwargs.get("uuid") is None:
        kwargs["uuid"] = content_id(data)
    _original_init(self, data, *args, **kwargs)
    for axis in (0, 1):  # row and column labels come from data too
        _original_format_index(self, axis=axis, escape="html")


_original_format = Styler.format
_original_format_index = Styler.format_index


def _escaping_format(self: Styler, *args: Any, **kwargs: Any) -> Styler:
    # an explicit .format(...) call would otherwise drop the escaping default
    if kwargs.get("escape") is None:
        kwargs["escape"] = "html"
    return _original_format(self, *args, **kwargs)


def _escaping_format_index(self: Styler, *args: Any, **kwargs: Any) -> Styler:
    if kwargs.get("escape") is None:
        kwargs["escape"] = "html"
    return _original_format_index(self, *args, **kwargs)


def installed() -> bool:
    """Whether pandas' Styler escapes and names tables as the book does."""
    return (
        Styler.__init__ is _deterministic_init
        and pd.get_option("styler.format.escape") == "html"
    )


def install() -> None:
    """Make every Styler escape text from data and take its id from its content.

    Idempotent: a second call changes nothing.
    """
    pd.set_option("styler.format.escape", "html")
    if Styler.__init__ is not _deterministic_init:
        Styler.__init__ = _deterministic_init  # type: ignore[method-assign]
        Styler.format = _escaping_format  # type: ignore[method-assign]
        Styler.format_index = _escaping_format_index  # type: ignore[method-assign]
