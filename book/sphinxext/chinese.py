"""Mark Chinese text as Chinese: every run of Han characters gets ``lang="zh-Hans"``.

The book writes Chinese terms beside English ones (soft connectivity, 软联通). A page
is ``lang="en"``, so without a mark a browser draws the Chinese with whatever CJK
face its locale prefers (often a Japanese one) and a screen reader reads it with an
English voice. This module wraps each run of Han characters and CJK punctuation in
``<span lang="zh-Hans">``, with no markup in the chapters:

* **Text of the document** (prose, titles, tables, the glossary): a transform
  splits each text node at its Chinese runs and wraps them in an inline node with
  the class ``language-zh-Hans``, which docutils writes as ``lang="zh-Hans"``. It
  runs once when a page is read, so titles carry the mark into the table of
  contents and the previous/next links, and once more when it is written, for
  what myst-nb pastes in then (glued text from other pages, cell outputs).
* **Raw HTML** (notebook outputs such as pandas tables, the charts' data tables):
  the same runs in the text between tags are wrapped, never inside a tag (no
  attribute changes), ``<script>`` (the charts' JSON), ``<style>``, code, ``<pre>``,
  math or SVG.

Code, literal blocks, inline literals and math are left as they are. The book has
no traditional-character text (``tests/test_chinese.py`` checks it), so every run is
``zh-Hans``; text an author marks with another ``language-`` class keeps its mark.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["LANG", "mark_doctree", "mark_html", "runs", "setup"]

LANG = "zh-Hans"
_CLASS = f"language-{LANG}"

# Han ideographs (with extension A, compatibility ideographs and the supplementary
# planes), CJK symbols and punctuation (、。《》「」), full-width forms (，：（）)
_CJK = (
    "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003134f"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# between two CJK characters a run also takes quotes, dashes, middle dots, Latin
# letters, digits and some ASCII punctuation (“澳门—珠海”集群, 截至2025年12月,
# 研究与试验发展（R&D）经费), never a space
_INNER = "\u2010-\u2027\u00b7A-Za-z0-9.,%/&+=-"
# and Latin letters or digits written right before it (1小时生活圈, PCT国际专利申请)
_RUN = re.compile(f"[A-Za-z0-9]*[{_CJK}](?:[{_CJK}{_INNER}]*[{_CJK}])?")
_HAN_RE = re.compile(f"[{_HAN}]")
_OPENING = {"\u201d": "\u201c", "\u2019": "\u2018"}  # closing quote -> its opening


def runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every Chinese run of ``text`` that holds a Han character.

    A run that closes a quotation mark also takes the opening mark just before it
    (“澳门—珠海”集群 is one run); quotation marks around a whole run stay outside.
    """
    found = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        if not _HAN_RE.search(text, start, end):
            continue  # punctuation alone (a full-width comma) is no language
        before = text[start - 1 : start]
        closing = [c for c, o in _OPENING.items() if o == before]
        if closing and closing[0] in text[start:end]:
            start -= 1
        found.append((start, end))
    return found


# ---------------------------------------------------------------- the doctree

# nodes whose text is code, markup or math: never marked
_SKIP = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.Invisible)


def _marked_or_code(node: nodes.Node) -> bool:
    """Whether ``node`` sits inside code, math or text that already has a language."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP):
            return True
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if any(c.startswith("language-") for c in classes):
            return True
        parent = parent.parent
    return False


def _split(text: str) -> list[nodes.Node]:
    """``text`` as text nodes and marked inline nodes, in order."""
    pieces: list[nodes.Node] = []
    done = 0
    for start, end in runs(text):
        if start > done:
            pieces.append(nodes.Text(text[done:start]))
        chinese = text[start:end]
        pieces.append(nodes.inline(chinese, chinese, classes=[_CLASS]))
        done = end
    if done < len(text):
        pieces.append(nodes.Text(text[done:]))
    return pieces


def mark_doctree(doctree: nodes.Node) -> int:
    """Wrap the Chinese runs of ``doctree``'s text nodes (and its raw HTML) in place.

    Returns
    -------
    int
        How many runs were marked.

    """
    count = 0
    for text in list(doctree.findall(nodes.Text)):
        if not _HAN_RE.search(text) or _marked_or_code(text):
            continue
        pieces = _split(str(text))
        count += sum(isinstance(piece, nodes.inline) for piece in pieces)
        text.parent.replace(text, pieces)
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and _HAN_RE.search(raw.astext()):
            html, marked = mark_html(raw.astext())
            raw.children[:] = []
            raw += nodes.Text(html)
            count += marked
    return count


# --------------------------------------------------------------------- raw HTML

# a comment, a whole script or style element, or one tag
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?[a-zA-Z][^>]*>", re.S | re.I
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_VERBATIM = {"code", "pre", "kbd", "samp", "math", "svg", "textarea", "title"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
_LANG_ATTR = re.compile(r"""\slang\s*=\s*["']?(?!en)""", re.I)


def _wrap_text(text: str) -> tuple[str, int]:
    marked = runs(text)
    out, done = [], 0
    for start, end in marked:
        out += [text[done:start], f'<span lang="{LANG}">', text[start:end], "</span>"]
        done = end
    return "".join(out) + text[done:], len(marked)


def _skip(skipping: list[str], tag: str) -> None:
    """Track the open elements whose text is left alone, given the next ``tag``."""
    name = _TAG_NAME.match(tag)
    if name is None or tag.endswith("/>") or name.group(1).lower() in _VOID:
        return
    element = name.group(1).lower()
    if tag.startswith("</"):
        if skipping and skipping[-1] == element:
            skipping.pop()
    elif skipping or element in _VERBATIM or _LANG_ATTR.search(tag):
        skipping.append(element)


def mark_html(html: str) -> tuple[str, int]:
    """Wrap the Chinese runs in the text of an HTML fragment; return it and the count.

    Only text between tags changes: tags and their attributes, comments, scripts,
    styles, code, ``<pre>``, math, SVG and elements that already carry a ``lang``
    other than English are copied as they are.
    """
    out: list[str] = []
    count = 0
    skipping: list[str] = []
    done = 0
    for token in [*_TOKEN.finditer(html), None]:
        text = html[done : token.start() if token else len(html)]
        if not skipping:
            text, marked = _wrap_text(text)
            count += marked
        out.append(text)
        if token is None:
            break
        out.append(token.group(0))
        done = token.end()
        if not token.group(1):  # a whole script or style element is never entered
            _skip(skipping, token.group(0))
    return "".join(out), count


# ---------------------------------------------------------------- Sphinx glue


class MarkChinese(SphinxTransform):
    """When a page is read: mark its Chinese, titles included (tables of contents)."""

    default_priority = 860  # after smart quotes (750), before doctree-read (880)

    def apply(self, **kwargs: Any) -> None:
        mark_doctree(self.document)


class MarkPastedChinese(SphinxPostTransform):
    """When a page is written: mark what myst-nb pasted in (glue, cell outputs)."""

    default_priority = 900  # after myst-nb picks outputs (SelectMimeType) and glue
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        mark_doctree(self.document)


def setup(app: Sphinx) -> None:
    """Register both passes."""
    app.add_transform(MarkChinese)
    app.add_post_transform(MarkPastedChinese)
