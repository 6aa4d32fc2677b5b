"""Highlighted code without the spans that change nothing.

Pygments wraps every token of a code cell in a ``<span class="…">``: a name, a dot,
a bracket, a space. In both of the theme's code styles (light and dark) names,
punctuation and spaces look exactly like plain text, so about half of a chapter's
elements (some 2,000 of 5,000 on a chart chapter) were spans that drew nothing
different. Each costs the reader's browser time to parse, style and lay out, and the
accessibility check time to read. Here the token kinds that every style in use
draws as plain text get no span; consecutive plain tokens become one run of text.
Which kinds those are is worked out from the styles themselves, so a theme whose
style colours names differently keeps their spans.
"""

from __future__ import annotations

from typing import Any

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Text, _TokenType
from sphinx.application import Sphinx

__all__ = ["plain_kinds", "use_plain_formatter"]

# pydata-sphinx-theme's defaults for its light and dark code (theme options
# ``pygments_light_style`` and ``pygments_dark_style``)
DEFAULT_STYLES = ("a11y-high-contrast-light", "a11y-high-contrast-dark")


def plain_kinds(style_names: tuple[str, ...]) -> frozenset[_TokenType]:
    """The standard token kinds every named style draws exactly as plain text.

    A kind counts only when its whole style (colour, background, bold, italic,
    underline, border) equals that of ``Text`` in every style; ``Text`` itself is
    never wrapped by Pygments.
    """
    kinds = set(STANDARD_TYPES)
    for name in style_names:
        style = get_style_by_name(name)
        base = style.style_for_token(Text)
        kinds &= {kind for kind in kinds if style.style_for_token(kind) == base}
    return frozenset(kinds)


def use_plain_formatter(app: Sphinx) -> None:
    """Give the HTML builder's highlighter a formatter that leaves plain kinds bare.

    Connected to ``builder-inited`` (the highlighter exists by then).
    """
    highlighter = getattr(app.builder, "highlighter", None)
    if highlighter is None:  # not an HTML builder
        return
    theme = getattr(app.builder, "theme", None)
    options: dict[str, Any] = (
        theme.get_options(app.builder.theme_options) if theme is not None else {}
    )
    styles = (
        options.get("pygments_light_style") or DEFAULT_STYLES[0],
        options.get("pygments_dark_style") or DEFAULT_STYLES[1],
    )
    plain = plain_kinds(styles)

    class PlainFormatter(highlighter.formatter):  # type: ignore[name-defined]
        def _get_css_classes(self, ttype: _TokenType) -> str:
            if ttype in plain:
                return ""
            return super()._get_css_classes(ttype)

    highlighter.formatter = PlainFormatter
