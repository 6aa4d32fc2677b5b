"""Search that finds Chinese terms (横琴, 软联通) as well as English words.

Sphinx's English search index keeps a run of Chinese as one "word", so 横琴 inside
横琴粤澳深度合作区 is never found. Its Chinese search language
(``html_search_language: zh``) cuts Chinese into words with jieba, but stems English
on the Python side with another stemmer than its JavaScript uses, so an English
word such as "bay" is indexed as ``bay`` and searched as ``bai``, and it indexes
English stop words. :class:`BookSearch` takes the place of Sphinx's ``zh``:

* English exactly as Sphinx's English search (same words, Porter stemmer, stop
  words), so English queries find what they found before;
* Chinese cut with :func:`jieba.cut_for_search` (a word and the shorter words in
  it), one-character words included (超, 约: the qualifiers the book teaches);
* the book's own Chinese terms added to jieba's dictionary (:func:`book_words`:
  the glossary's terms and the names in ``data/``), so a term such as 软联通 or
  粤港澳大湾区 is a word of the index.

The browser cuts a query into index words too (``gba-search-zh.js``), so 横琴合作区
finds the pages with both 横琴 and 合作区.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import re
from pathlib import Path
from typing import Any

import sphinx.search
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.search.en import SearchEnglish

__all__ = ["BookSearch", "add_search_script", "book_words", "configure_search"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"([{_HAN}]+)")
_TERM = re.compile(f"[{_HAN}]{{2,}}")
_GLOSSARY_TERM = re.compile(r"^\s+\*\*([^*]+)\*\*", re.M)
DICT_NAME = "gba-search-words.txt"


class BookSearch(SearchEnglish):
    """English as Sphinx's English search; Chinese cut into words with jieba."""

    lang = "zh"
    language_name = "Chinese"

    def init(self, options: dict[str, str]) -> None:
        """Set up the English stemmer and load the book's words into jieba."""
        import jieba

        super().init(options)
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" in the log
        words = options.get("dict")
        if words and Path(words).is_file():
            jieba.load_userdict(words)
        self._cut = jieba.cut_for_search

    def split(self, input: str) -> list[str]:
        """English words as Sphinx finds them; each Chinese run cut with jieba."""
        found = []
        for word in self._word_re.findall(input):
            for piece in _HAN_RUN.split(word):
                if _HAN_RUN.fullmatch(piece):
                    found.extend(w for w in self._cut(piece) if w.strip())
                elif piece:
                    found.append(piece)
        return found

    def word_filter(self, word: str) -> bool:
        """Keep every Chinese word, one character too; English as Sphinx does."""
        return bool(_HAN_RUN.match(word)) or super().word_filter(word)


def book_words(srcdir: Path, data: Path) -> list[str]:
    """The Chinese terms of the glossary and the Chinese names in ``data/``."""
    words: set[str] = set()
    glossary = srcdir / "glossary.md"
    if glossary.is_file():
        for term in _GLOSSARY_TERM.findall(glossary.read_text(encoding="utf-8")):
            words.update(_TERM.findall(term))
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                words.update(_TERM.findall(row.get("name_zh") or ""))
    return sorted(words)


def configure_search(app: Sphinx, config: Config) -> None:
    """Use :class:`BookSearch` for ``zh``; write the book's words for jieba.

    Connected to ``config-inited``; the words go to a file next to the doctrees,
    passed to the index as ``html_search_options["dict"]`` (Sphinx's own option).
    """
    from book.data import data_dir

    if "zh" not in sphinx.search.languages:
        raise ExtensionError("[gba] Sphinx has no 'zh' search language any more")
    sphinx.search.languages["zh"] = BookSearch
    if config.html_search_language != "zh":
        return
    if importlib.util.find_spec("jieba") is None:
        raise ExtensionError(
            "[gba] the Chinese search index needs jieba, which requirements/dev.txt "
            "pins: run 'make setup' (or pip install -r requirements/dev.txt)"
        )
    path = Path(app.doctreedir) / DICT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    words = book_words(Path(app.srcdir), data_dir())
    text = "".join(f"{word}\n" for word in words)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(path)}


def add_search_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], *_: Any
) -> None:
    """On the search page, cut queries into the index's words (``gba-search-zh.js``)."""
    if pagename == "search":
        app.add_js_file("gba/gba-search-zh.js")
