"""Chinese as a first-class script: marked ``lang="zh-Hans"``, right quotation
marks, its own font and no fake italics, and a search that finds Chinese words.

The unit tests need no build; the rest read the built book (``built_book``) or
drive it in Chromium with the network cut.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, gate, pages
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from book.data import data_dir
from book.sphinxext.chinese import mark_doctree, mark_html, runs
from book.sphinxext.search_zh import BookSearch, book_words

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SOURCES = sorted((ROOT / "chapters").glob("*.md")) + sorted(ROOT.glob("*.md"))

# ------------------------------------------------------------------ marking


def test_a_run_takes_quotes_inside_it_but_not_around_it() -> None:
    def found(text: str) -> list[str]:
        return [text[start:end] for start, end in runs(text)]

    assert found("Hengqin (横琴粤澳深度合作区) is") == ["横琴粤澳深度合作区"]
    assert found("the “澳门—珠海”集群连续") == ["“澳门—珠海”集群连续"]
    assert found("as printed, “粤港澳联合实验室”.") == ["粤港澳联合实验室"]
    assert found("截至2025年12月 and 10万小时") == ["截至2025年12月", "10万小时"]
    assert found("the 1小时生活圈 (PCT国际专利申请)") == [
        "1小时生活圈",
        "PCT国际专利申请",
    ]
    assert found("软联通 and 硬联通") == ["软联通", "硬联通"]
    assert found("a full-width comma ， alone") == []


CHART = '<script type="application/json" class="gba-chart-spec">{"t": "横琴"}</script>'


def test_raw_html_is_marked_in_its_text_only() -> None:
    html = (
        f'<table><tr><td title="横琴">横琴</td><td>Zhuhai</td></tr></table>{CHART}'
        "<pre><span>横琴 = 1</span></pre><code>横琴</code><svg><text>横琴</text></svg>"
        '<p lang="zh-Hant">橫琴</p><p>前海<br>南沙</p><!-- 横琴 -->'
    )
    marked, count = mark_html(html)
    assert count == 3
    assert '<td title="横琴"><span lang="zh-Hans">横琴</span></td>' in marked
    assert (
        '<span lang="zh-Hans">前海</span><br><span lang="zh-Hans">南沙</span>' in marked
    )
    for untouched in (CHART, "<pre><span>横琴 = 1</span></pre>", "<code>横琴</code>",
                      "<svg><text>横琴</text></svg>", '<p lang="zh-Hant">橫琴</p>',
                      "<!-- 横琴 -->"):  # fmt: skip
        assert untouched in marked
    assert mark_html(marked) == (marked, 0)  # marking twice changes nothing


def _doctree(rst: str) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(rst, document)
    return document


def test_the_doctree_is_marked_except_code_and_math() -> None:
    document = _doctree(
        "Title 横琴\n==========\n\n"
        "Soft connectivity (软联通), ``code 横琴`` and :math:`横琴`.\n\n"
        "::\n\n    print('横琴')\n\n"
        ".. raw:: html\n\n    <td>南沙</td>\n"
    )
    assert mark_doctree(document) == 3
    marked = [n.astext() for n in document.findall(nodes.inline)]
    assert marked == ["横琴", "软联通"]
    assert "language-zh-Hans" in document.next_node(nodes.inline)["classes"]
    assert "横琴" in document.next_node(nodes.literal).astext()
    assert not list(document.next_node(nodes.literal_block).findall(nodes.inline))
    assert (
        document.next_node(nodes.raw).astext()
        == '<td><span lang="zh-Hans">南沙</span></td>'
    )
    assert mark_doctree(document) == 0  # already marked


# ------------------------------------------------------------------- search


def test_english_is_indexed_as_sphinx_indexes_english() -> None:
    from sphinx.search.en import SearchEnglish

    english, book = SearchEnglish({}), BookSearch({})
    text = "The Bay's laboratories: soft connectivity in 2025, R&D and GDP."
    assert book.split(text) == english.split(text)
    for word in english.split(text):  # the stemmer of the search page's JavaScript
        assert book.stem(word) == english.stem(word)
        assert book.word_filter(book.stem(word)) == english.word_filter(
            english.stem(word)
        )
    assert book.stem("bay") == "bai"  # as the Porter stemmer in the browser has it


def test_chinese_is_cut_into_words_and_the_books_terms_kept_whole() -> None:
    words = book_words(ROOT, data_dir())
    assert {"软联通", "横琴粤澳深度合作区", "粤港澳大湾区", "广州"} <= set(words)
    path = ROOT / "_build" / ".doctrees" / "gba-search-words.txt"
    search = BookSearch({"dict": str(path)} if path.is_file() else {})
    cut = search.split("横琴粤澳深度合作区 (Hengqin) 超3万名澳门居民")
    assert {"横琴", "Hengqin", "超", "澳门", "居民"} <= set(cut)
    assert all(search.word_filter(w) for w in ("横琴", "超"))
    assert not search.word_filter("the")


# common characters that only traditional Chinese uses (澳門 for 澳门, 灣區 for 湾区)
TRADITIONAL = set(
    "門灣區國會學發與為體業經濟實驗術創統計處際華這們來對時說過還開關點無東車電書長問號"
    "總結構務廣聯網線數據資訊報導鄉"
)


def test_the_book_has_no_traditional_characters_so_zh_hans_is_right() -> None:
    """Every run is marked zh-Hans; text in traditional characters would need
    zh-Hant (chinese.py) and a traditional font stack (gba-zh.css) first."""
    found = {}
    for path in [*SOURCES, *sorted(data_dir().glob("*.csv"))]:
        text = path.read_text(encoding="utf-8")
        if chars := TRADITIONAL & set(text):
            found[path.name] = "".join(sorted(chars))
    assert not found, found


# -------------------------------------------------------------- quotation marks


def reversed_quotes(text: str) -> list[str]:
    """Where ``text`` closes a double quotation mark it never opened (”创造了…),
    or leaves one open."""
    problems, depth = [], 0
    for at, char in enumerate(text):
        if char == "“":
            depth += 1
        elif char == "”" and depth == 0:
            problems.append(text[max(0, at - 30) : at + 30])
        elif char == "”":
            depth -= 1
    if depth:
        problems.append("left open: " + text[-60:])
    return problems


def test_the_quote_check_finds_a_reversed_mark() -> None:
    assert reversed_quotes("the economy (”创造了全国九分之一的经济总量”) on")
    assert reversed_quotes("专精特新”小巨人”企业")
    assert reversed_quotes("“一国两制")
    assert not reversed_quotes(
        "(“创造了全国九分之一的经济总量”) and “国家级“小巨人”企业”"
    )


# a straight quote that Sphinx's smart quotes turn into a closing mark where an
# opening one belongs: before a glued phrase, or between two Han characters
STRAIGHT_REVERSED = re.compile(r'\("\{|[\u4e00-\u9fff]"[\u4e00-\u9fff]')
CODE_DIRECTIVES = ("{code-cell}", "{code}", "{code-block}", "{literalinclude}")


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """The numbered lines of a MyST file that are not code: outside code cells and
    code blocks, inside directives such as the glossary."""
    lines, fences = [], []  # the open fences: (marker, holds code)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = re.match(r"\s*(`{3,}|~{3,})(.*)$", line)
        if fence and fences and line.strip() == fences[-1][0]:
            fences.pop()
        elif fence and not (fences and fences[-1][1]):
            info = fence.group(2).strip()
            code = not info.startswith("{") or info.startswith(CODE_DIRECTIVES)
            fences.append((fence.group(1), code))
        elif not any(code for _, code in fences):
            lines.append((number, line))
    return lines


def test_no_chapter_writes_a_quote_that_smart_quotes_reverse() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()[:80]}"
        for path in SOURCES
        for number, line in prose_lines(path)
        if STRAIGHT_REVERSED.search(line)
    ]
    assert not found, "\n".join(found)
    prose = {
        path.name: "\n".join(line for _, line in prose_lines(path)) for path in SOURCES
    }
    assert "{glue:text}`claim_gdp_zh`" in prose["bay-at-a-glance.md"]  # it reads prose,
    assert "**粤港澳大湾区**" in prose["glossary.md"]  # the glossary's too,
    assert "\nbook.setup()  #" not in prose["bay-at-a-glance.md"]  # and no code


BLOCKS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "figcaption",
          "caption", "div"}  # fmt: skip
CODE = {"script", "style", "pre", "code", "title", "svg"}
VOID = {"br", "img", "hr", "input", "link", "meta", "wbr", "col", "source"}


class _Text(HTMLParser):
    """The text of a page by block (paragraph, cell, item), and each run of Han
    characters outside code with the languages of its elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.blocks: list[str] = []
        self.han: list[tuple[str, list[str]]] = []
        self._block: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag not in VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data: str) -> None:
        if any(tag in CODE for tag, _ in self.open):
            return
        self._block.append(data)
        if HAN.search(data):
            langs = [a["lang"] for _, a in self.open if a.get("lang")]
            self.han.append((data.strip(), langs))

    def _flush(self) -> None:
        if self._block:
            self.blocks.append("".join(self._block))
            self._block = []

    @classmethod
    def of(cls, path: Path) -> _Text:
        parser = cls()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        parser._flush()
        return parser


@pytest.mark.build
def test_no_page_shows_a_reversed_quotation_mark(built_book: Path) -> None:
    found = {}
    for name in pages(built_book):
        blocks = _Text.of(built_book / name).blocks
        if problems := [p for block in blocks for p in reversed_quotes(block)]:
            found[name] = problems
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


# ----------------------------------------------------------- the built pages


@pytest.mark.build
def test_all_chinese_on_every_page_is_marked(built_book: Path) -> None:
    unmarked = {}
    for name in pages(built_book):
        runs_ = _Text.of(built_book / name).han
        if bad := [
            text for text, langs in runs_ if not langs or langs[-1] != "zh-Hans"
        ]:
            unmarked[name] = bad
    # the theme's print-only heading repeats the page title as plain text
    for name, bad in list(unmarked.items()):
        html = (built_book / name).read_text(encoding="utf-8")
        printed = re.search(r'id="jb-print-docs-body".*?<h1>(.*?)</h1>', html, re.S)
        if printed and bad == [printed.group(1)]:
            del unmarked[name]
    assert not unmarked, json.dumps(unmarked, ensure_ascii=False, indent=1)[:3000]


@pytest.mark.build
def test_the_glossary_marks_every_chinese_term(built_book: Path) -> None:
    html = (built_book / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r"<dd><p><strong>(.*?)</strong>", html)
    assert len(terms) > 40
    for term in terms:
        assert term.startswith('<span lang="zh-Hans">'), term
        assert not HAN.search(re.sub(r'<span lang="zh-Hans">.*?</span>', "", term))
    assert '<html lang="en"' in html  # the page stays English
    assert "_static/gba/gba-zh.css" in html


@pytest.mark.build
def test_chart_json_and_code_are_left_as_they_were(built_book: Path) -> None:
    specs = code = 0
    for name in pages(built_book):
        html = (built_book / name).read_text(encoding="utf-8")
        for spec in re.findall(
            r'class="gba-chart-spec"[^>]*>(.*?)</script>', html, re.S
        ):
            json.loads(spec)
            specs += bool(HAN.search(spec))
            assert "lang=" not in spec
        for block in re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S):
            code += bool(HAN.search(block))
            assert 'lang="zh' not in block
    assert specs and code  # there was Chinese in both to leave alone


# ------------------------------------------------------------ in the browser


def _search(page, server: str, query: str) -> set[str]:
    page.goto(f"{server}search.html?q={quote(query)}")
    page.wait_for_function(
        """() => {
            const summary = document.querySelector("#search-results p.search-summary");
            return summary && summary.textContent.trim() !== "";  // set when done
        }""",
        timeout=20_000,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.href)"
    )
    return {href.removeprefix(server).split("#")[0].split("?")[0] for href in hrefs}


def _pages_mentioning(built_book: Path, text: str) -> set[str]:
    return {
        name
        for name in pages(built_book)
        if name.startswith("chapters/")
        and any(text in block for block in _Text.of(built_book / name).blocks)
    }


@pytest.mark.browser
@pytest.mark.build
def test_search_finds_chinese_and_still_english(
    built_book: Path, server: str, browser
) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.route("**/*", functools.partial(gate, base=server, outside=outside))
    hengqin = _pages_mentioning(built_book, "横琴")
    assert "chapters/rules-and-zones.html" in hengqin
    assert hengqin <= _search(page, server, "横琴")
    # a query of two words without a space is cut into the index's words
    assert "chapters/rules-and-zones.html" in _search(page, server, "横琴合作区")
    assert {"chapters/connectivity.html", "glossary.html"} <= _search(
        page, server, "软联通"
    )
    # English: stemmed as before ("bay" is "bai" in the index and in the browser)
    assert {"chapters/connectivity.html", "chapters/rules-and-zones.html"} <= _search(
        page, server, "connectivity"
    )
    assert "chapters/platforms.html" in _search(page, server, "laboratories")
    assert "chapters/bay-at-a-glance.html" in _search(page, server, "bay")
    assert not outside
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_chinese_gets_a_chinese_font_and_no_italics(server: str, browser) -> None:
    page = browser.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    page.goto(server + "intro.html")
    emphasised = page.locator('em > span[lang="zh-Hans"]').first
    style = emphasised.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {style: s.fontStyle, family: s.fontFamily}; }"
    )
    assert style["style"] == "normal"
    assert style["family"].startswith('"PingFang SC"')
    page.goto(server + "glossary.html")
    english = page.locator("dd em").first  # *See the chapter ...*
    assert english.evaluate("el => getComputedStyle(el).fontStyle") == "italic"
    page.close()
