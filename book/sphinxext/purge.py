"""Stylesheets without the rules no page of the book can use.

The theme's stylesheet carries all of Bootstrap 5 (grid, cards, modals, carousels,
hundreds of utility classes) and styles for every Sphinx extension it supports:
about 50 kB gzipped on every first visit, of which the book's pages use less than
half. After the build, :func:`purge_css` drops each selector that names a class or
id that occurs in no page of the site and in no script the site serves; a rule
loses only the selectors that cannot match, and goes when none is left.

It errs on the side of keeping:

* the names the scripts could add are every identifier-like word of every
  ``.js`` file in ``_static`` (the theme's, Bootstrap's, Vega's, the book's), not
  only the class names they set;
* a selector with ``:is()``, ``:where()`` or ``:has()`` stays (its classes need
  not all match); the classes inside ``:not()`` do not count;
* Bootstrap's placement classes (``bs-tooltip-top``, ...) are made at run time
  from pieces, so every class starting ``bs-`` stays;
* ``@font-face``, ``@keyframes``, ``@page`` and every other at-rule stays whole;
  ``@media`` and ``@supports`` blocks are purged inside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

__all__ = ["KEEP_PREFIXES", "PURGED", "purge_built_site", "purge_css", "purge_site",
           "used_names"]  # fmt: skip

# the stylesheets the build purges, under _static (the book's own are left whole)
PURGED = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "basic.css",
    "mystnb.*.css",
)
KEEP_PREFIXES = ("bs-",)
_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
_GROUPS = ("@media", "@supports", "@layer", "@container")


def used_names(pages: Iterable[str], scripts: Iterable[str]) -> set[str]:
    """Class names and ids the pages use, and every word the scripts contain."""
    names: set[str] = set()
    for page in pages:
        for value in re.findall(r'class="([^"]*)"', page):
            names.update(value.split())
        names.update(re.findall(r'id="([^"]*)"', page))
    for script in scripts:
        names.update(re.findall(r"[A-Za-z_][\w-]*", script))
    return names


def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _block_end(css: str, i: int) -> int:
    """The index after the ``}`` that closes the block opened at ``css[i]``."""
    depth, i = 0, i
    while True:
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        i += 1
        if depth == 0:
            return i


def _selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


def _can_match(selector: str, used: set[str]) -> bool:
    if re.search(r":(?:is|where|has|matches)\(", selector):
        return True
    bare = re.sub(r"\[[^\]]*\]|:not\([^)]*\)", "", selector)
    return all(
        name in used or name.startswith(KEEP_PREFIXES) for name in _NAME.findall(bare)
    )


def _rule(prelude: str, body: str, used: set[str]) -> str:
    if prelude.startswith("@") or not _NAME.search(prelude):
        return f"{prelude}{{{body}}}"
    kept = [s for s in _selectors(prelude) if _can_match(s, used)]
    return f"{','.join(kept)}{{{body}}}" if kept else ""


def _purge(css: str, i: int, used: set[str]) -> tuple[str, int]:
    """Purge from ``css[i]`` to the end or to the ``}`` closing the current group."""
    out, start = [], i
    while i < len(css):
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            end = css.index("*/", i) + 2
            if css.startswith("/*!", i):  # a licence's notice stays
                out.append(css[i:end] + "\n")
            i = start = end
        elif char == "{":
            prelude = css[start:i].strip()
            if prelude.startswith(_GROUPS):
                inner, i = _purge(css, i + 1, used)
                out.append(f"{prelude}{{{inner}}}" if inner.strip() else "")
            else:
                end = _block_end(css, i)
                out.append(_rule(prelude, css[i + 1 : end - 1], used))
                i = end
            start = i
        elif char == "}":
            return "".join(out), i + 1
        elif char == ";" and css[start:i].strip().startswith("@"):
            out.append(css[start : i + 1].strip())  # @import, @charset ...
            i += 1
            start = i
        else:
            i += 1
    return "".join(out), i


def purge_css(css: str, used: set[str]) -> str:
    """``css`` without the selectors that name a class or id not in ``used``."""
    return _purge(css, 0, used)[0]


def purge_site(html_root: Path) -> dict[str, tuple[int, int]]:
    """Purge the :data:`PURGED` stylesheets of a built site; sizes before, after."""
    pages = (
        p.read_text(encoding="utf-8")
        for p in html_root.rglob("*.html")
        if "_static" not in p.relative_to(html_root).parts
    )
    static = html_root / "_static"
    scripts = (p.read_text(encoding="utf-8", errors="replace")
               for p in static.rglob("*.js"))  # fmt: skip
    used = used_names(pages, scripts)
    sizes = {}
    for pattern in PURGED:
        for path in sorted(static.glob(pattern)):
            css = path.read_text(encoding="utf-8")
            purged = purge_css(css, used)
            path.write_text(purged, encoding="utf-8")
            sizes[str(path.relative_to(static))] = (len(css), len(purged))
    return sizes


def purge_built_site(app: Sphinx, exception: Exception | None) -> None:
    """Purge the built site's theme stylesheets (build-finished, after the icons)."""
    if exception is not None or app.builder.format != "html":
        return
    sizes = purge_site(Path(app.outdir))
    if not sizes:
        logger.warning("[gba] none of the stylesheets to purge is in _static any "
                       "more (book/sphinxext/purge.py)", type="gba")  # fmt: skip
    for name, (before, after) in sizes.items():
        logger.info(f"[gba] purged {name}: {before / 1e3:.0f} -> {after / 1e3:.0f} kB")
