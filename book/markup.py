"""Text from ``data/`` made safe to put into Markdown (MyST) or HTML.

Anything a contributor types in a CSV file or in ``datapackage.json`` is data, never
markup: an ``<img onerror=...>`` in a description, a ``[link](javascript:...)`` or a
``{ref}`` role must show as the characters typed. Pages that generate Markdown from
the data (the data page) and the student notebooks pass such text through
:func:`markdown_text`; HTML is escaped with :func:`html.escape` where it is written.

This module imports nothing from the rest of ``book``.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["markdown_text"]

# characters that start inline markup in CommonMark and MyST: code, emphasis,
# roles and substitutions, links and images, HTML and entities, math, tables
_INLINE = re.compile(r"([\\`*_{}\[\]<>&$|~])")
# a line that starts with these opens a block (heading, list, quote, fence, table)
_BLOCK = re.compile(r"^(\s*)(\d*)([#>+=:-]|(?<=\d)[.)])")


def markdown_text(value: Any, *, inline: bool = False) -> str:
    """``value`` as one line of Markdown that renders as exactly its characters.

    Line breaks become spaces (a table cell or a sentence cannot hold them), and
    every character that could start markup is escaped with a backslash. With
    ``inline``, the text goes inside a sentence, where a leading ``#`` or ``1.``
    starts nothing, so those are left alone.
    """
    text = " ".join(str(value).split())
    text = _INLINE.sub(r"\\\1", text)
    if inline:
        return text
    return _BLOCK.sub(
        lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text, count=1
    )
