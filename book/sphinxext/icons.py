"""The theme's Font Awesome icons without Font Awesome's 1.5 MB script and fonts.

pydata-sphinx-theme loads ``fontawesome.js`` (every Font Awesome Free icon, 1.5 MB,
about 540 kB gzipped) on every page to turn each ``<i class="fa-solid fa-...">``
into an ``<svg>``, and its stylesheet uses the Font Awesome font (160 kB) for the
icons drawn by CSS (admonition titles, download links). The book uses about twenty
icons, so the build draws them itself, from the same icon data:

* :func:`read_icons` reads the icons out of the theme's own ``fontawesome.js``
  (width, height, code point, SVG path of each), so the shapes are the theme's;
* :func:`inline_icons` writes each ``<i>``/``<span>`` icon of a page as the
  ``<svg class="svg-inline--fa ...">`` that ``fontawesome.js`` would have made
  (``gba-icons.css`` has the few rules of its stylesheet those need);
* :func:`css_masks` rewrites a theme stylesheet so its CSS-drawn icons are SVG
  masks in the text colour instead of font glyphs, and drops the font's
  ``@font-face`` and its 2,000 ``.fa-...:before`` rules.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["Icon", "Icons", "css_masks", "inline_icons", "read_icons"]

PACKS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far",
         "fa-brands": "fab", "fab": "fab", "fa": "fas"}  # fmt: skip
# one icon of Font Awesome's table: "name":[width,height,[aliases],"f002","M..."]
_ENTRY = re.compile(
    r'(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\[(\d+),(\d+),\[([^\]]*)\],'
    r'"([0-9a-f]+)","([^"]*)"\]'
)
# each pack's table is handed over as d("fas",p) at its end
_PACK_END = re.compile(r'\bd\("(fa[srb])",p\)')


@dataclass(frozen=True)
class Icon:
    """One icon: its box (Font Awesome units) and SVG path."""

    width: int
    height: int
    path: str

    def svg(self, attributes: str = "") -> str:
        """The icon as inline SVG in the text colour."""
        return (
            f'<svg{attributes} xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {self.width} {self.height}">'
            f'<path fill="currentColor" d="{self.path}"></path></svg>'
        )

    def data_url(self) -> str:
        """The icon as a ``url("data:image/svg+xml,...")`` for a CSS mask."""
        svg = (
            "<svg xmlns='http://www.w3.org/2000/svg' "
            f"viewBox='0 0 {self.width} {self.height}'><path d='{self.path}'/></svg>"
        )
        encoded = quote(svg, safe=" =:/,.-'")
        return f'url("data:image/svg+xml,{encoded}")'


@dataclass
class Icons:
    """Font Awesome's icons by pack (``fas``, ``far``, ``fab``) and name or code."""

    names: dict[tuple[str, str], Icon]
    codes: dict[tuple[str, str], Icon]

    def by_code(self, char: str) -> Icon | None:
        """The icon of a code point (solid first, as the theme's CSS uses)."""
        code = f"{ord(char):x}"
        for pack in ("fas", "fab", "far"):
            if (pack, code) in self.codes:
                return self.codes[pack, code]
        return None


def read_icons(script: str) -> Icons:
    """Read every icon of Font Awesome's ``fontawesome.js`` (its source text)."""
    names: dict[tuple[str, str], Icon] = {}
    codes: dict[tuple[str, str], Icon] = {}
    start = 0
    for end in _PACK_END.finditer(script):
        pack = end.group(1)
        for entry in _ENTRY.finditer(script, start, end.start()):
            name = entry.group(1) or entry.group(2)
            width, height, aliases, code, path = entry.groups()[2:]
            icon = Icon(int(width), int(height), path)
            codes[pack, code] = icon
            for alias in (name, *re.findall(r'"([a-z0-9-]+)"', aliases)):
                names.setdefault((pack, alias), icon)
        start = end.end()
    return Icons(names, codes)


# an empty <i> or <span> with Font Awesome classes, as the theme's templates write
_ELEMENT = re.compile(r'<(i|span) class="([^"]*\bfa[-srb ][^"]*)"([^>]*)>\s*</\1>')
_MODIFIERS = re.compile(r"fa-(\d?x[sl]?|lg|sm|fw|\dx|spin|pulse|border|inverse)$")


def _icon_element(match: re.Match[str], icons: Icons, unknown: list[str]) -> str:
    classes = match.group(2).split()
    pack = next((PACKS[c] for c in classes if c in PACKS), None)
    names = [
        c[3:]
        for c in classes
        if c.startswith("fa-") and c not in PACKS and not _MODIFIERS.match(c)
    ]
    icon = next((icons.names[pack, n] for n in names if (pack, n) in icons.names), None)
    if pack is None or icon is None:
        unknown.append(match.group(0))
        return match.group(0)
    kept = " ".join(c for c in classes if c not in PACKS)
    attributes = match.group(3)
    if "aria-hidden" not in attributes:
        attributes += ' aria-hidden="true"'
    return icon.svg(f' class="svg-inline--fa {html.escape(kept)}"{attributes}')


def inline_icons(page: str, icons: Icons) -> tuple[str, int, list[str]]:
    """Write each Font Awesome ``<i>``/``<span>`` of ``page`` as inline SVG.

    Returns the page, how many icons were written and the elements whose icon
    :func:`read_icons` does not know (left as they were).
    """
    unknown: list[str] = []
    page, count = _ELEMENT.subn(lambda m: _icon_element(m, icons, unknown), page)
    return page, count - len(unknown), unknown


_BLOCK = re.compile(r"([^{}]*)\{([^{}]*)\}")
_GLYPH_RULE = re.compile(r"^(?:\.fa-[\w-]+:(?:before|after),?)+$")
_FA_FONT = re.compile(
    r"font:var\(--fa-font-\w+\)|font-family:Font Awesome\\ 6 \w+(?:;font-weight:900)?"
)
_CODE = re.compile(r'"(?:\\(f[0-9a-f]{3})|([\uf000-\uf8ff]))"')
_ICON_VAR = re.compile(r"(--pst-[\w-]+):(" + _CODE.pattern + ")")
MASK_BOX = (
    "background-color:currentColor;display:inline-block;width:1em;height:1em;"
    "vertical-align:-.125em;-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat;"
    "-webkit-mask-position:left center;mask-position:left center;"
    "-webkit-mask-size:auto 1em;mask-size:auto 1em"
)


def _char(match: re.Match[str]) -> str:
    escaped, literal = match.group(1), match.group(2)
    return literal or chr(int(escaped, 16))


def _mask(image: str) -> str:
    return f'content:"";-webkit-mask-image:{image};mask-image:{image}'


def _block(selector: str, body: str, icons: Icons, missing: list[str]) -> str:
    if selector.strip() == "@font-face" and "Font Awesome" in body:
        return ""
    if _GLYPH_RULE.match(selector.strip()) and body.startswith("content:"):
        return ""  # the font's glyph of each .fa-... class: icons are SVG now

    def data_url(match: re.Match[str]) -> str:
        icon = icons.by_code(_char(match))
        if icon is None:
            missing.append(match.group(0))
            return match.group(0)
        return icon.data_url()

    body = _ICON_VAR.sub(lambda m: f"{m.group(1)}:{data_url(_CODE.match(m[2]))}", body)
    body = _FA_FONT.sub(MASK_BOX, body)
    # a code point is a glyph of the icon font whichever rule sets the font
    body = re.sub(r"content:\s*(" + _CODE.pattern + ")",
                  lambda m: _mask(data_url(_CODE.match(m[1]))), body)  # fmt: skip
    body = re.sub(r"content:\s*(var\(--pst-(?:icon-[\w-]+|breadcrumb-divider)\))",
                  lambda m: _mask(m.group(1)), body)  # fmt: skip
    return f"{selector}{{{body}}}"


def css_masks(css: str, icons: Icons) -> tuple[str, list[str]]:
    """Rewrite a theme stylesheet: CSS-drawn icons as masks, no icon font.

    Returns the stylesheet and the code points no icon was found for.
    """
    missing: list[str] = []
    css = _BLOCK.sub(lambda m: _block(m.group(1), m.group(2), icons, missing), css)
    return css, missing
