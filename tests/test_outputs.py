"""No notebook leftovers in the built pages' cell outputs.

A reader of the web page sees what a cell printed, not the code's objects: a result
is a sentence or a small table with human headers. These tests read every output
(``div.cell_output``, charts left out) of every built chapter and fail on

* a bare Python repr: ``np.float64(0.584)``, ``(7.19, 13908987, 1669)``,
  ``(2, True)``, ``['london', ...]``, ``True`` alone, ``<... object at 0x...>``,
  ``Timestamp(...)``, ``dtype: int64``, ``Name: x, dtype``;
* a default pandas index in a table: row (or column) labels 0, 1, 2, ...;
* a DataFrame shown raw (class ``dataframe``), not as a formatted Styler;
* a header spelled like code (``pct_share``) or a code value in a cell
  (``more_than``); a number at pandas' default precision (``31032.500000``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

pytestmark = pytest.mark.build

# anywhere in an output, tables included
REPR_ANYWHERE = {
    "numpy scalar": re.compile(r"\bnp\.\w+\("),
    "object repr": re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>"),
    "pandas repr": re.compile(r"\b(?:Timestamp|Timedelta|Index|array)\(|\bdtype[:=]"),
    "list or dict of strings": re.compile(r"[\[{]\s*'[^']*'\s*[,:\]]"),
}
# a whole line of printed text
REPR_LINE = {
    "bare tuple, list or dict": re.compile(r"^[(\[{].*[,:].*[)\]}]$"),
    "bare True/False/None": re.compile(r"^(?:True|False|None)$"),
    "bare number": re.compile(r"^[-+]?[\d_.,]+(?:e[-+]?\d+)?%?$"),
}
CODE_WORD = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")  # pct_share, more_than
RAW_FLOAT = re.compile(r"^-?\d+\.\d{6}$")  # pandas' default precision: 31032.500000


def _outputs(html: str) -> list[Tag]:
    soup = BeautifulSoup(html, "html.parser")
    for figure in soup.select("figure.gba-chart"):  # charts have their own tests
        figure.decompose()
    return soup.select("div.cell_output")


def _repr_problems(output: Tag) -> list[str]:
    problems = []
    text = output.get_text("\n")
    for kind, pattern in REPR_ANYWHERE.items():
        problems += [f"{kind}: {m.group(0)!r}" for m in pattern.finditer(text)]
    for block in output.select("pre"):
        for line in block.get_text().splitlines():
            for kind, pattern in REPR_LINE.items():
                if pattern.match(line.strip()):
                    problems.append(f"{kind}: {line.strip()!r}")
    return problems


def _default_index(labels: list[str]) -> bool:
    """Labels 0, 1, 2, ... (or some of them, sorted otherwise): pandas' RangeIndex."""
    return bool(labels) and all(re.fullmatch(r"\d{1,3}", x) for x in labels)


def _table_problems(table: Tag) -> list[str]:
    problems = []
    if "dataframe" in (table.get("class") or []):
        problems.append("a DataFrame shown raw, not as a formatted Styler table")
    rows = table.select("tbody tr")
    row_labels = [
        cells[0].get_text(strip=True)
        for row in rows
        if (cells := row.find_all(["th", "td"], recursive=False))
        and cells[0].name == "th"
    ]
    if _default_index(row_labels):
        problems.append(f"default index as row labels: {row_labels[:4]}")
    for head in table.select("thead tr"):
        labels = [th.get_text(strip=True) for th in head.find_all("th")]
        if _default_index([x for x in labels if x]):
            problems.append(f"default index as column labels: {labels[:4]}")
    for cell in table.find_all(["th", "td"]):
        text = cell.get_text(strip=True)
        if CODE_WORD.match(text):
            problems.append(f"code spelling in a {cell.name}: {text!r}")
        if RAW_FLOAT.match(text):
            problems.append(f"a number at pandas' default precision: {text!r}")
    return problems


def leftovers(html: str) -> list[str]:
    """What is wrong with the cell outputs of one page, one line a problem."""
    problems = []
    for number, output in enumerate(_outputs(html), start=1):
        found = _repr_problems(output)
        for table in output.find_all("table"):
            found += _table_problems(table)
        problems += [f"output {number}: {p}" for p in found]
    return problems


def _output(body: str) -> str:
    return f'<div class="cell_output docutils container">{body}</div>'


def _printed(text: str) -> str:
    return _output(
        '<div class="output stream highlight-myst-ansi notranslate">'
        f'<div class="highlight"><pre><span></span>{text}\n</pre></div></div>'
    )


LEFTOVERS = [
    _printed("np.float64(0.584)"),
    _printed("(7.19, 13908987, 1669)"),
    _printed("(2, True)"),
    _printed("True"),
    _printed("0.584"),
    _printed("entered: ['london', 'new-york-city']"),
    _printed("&lt;book.charts.Thing object at 0x7f3a2c&gt;"),
    _printed("Timestamp('2024-01-01 00:00:00')"),
    _printed("a    1\nName: value, dtype: int64"),
]


@pytest.mark.parametrize("html", LEFTOVERS)
def test_each_kind_of_repr_is_found(html: str) -> None:
    assert leftovers(html)


def _pandas_table(frame_html: str) -> str:
    return _output(f'<div class="output text_html">{frame_html}</div>')


def test_a_default_index_and_code_headers_are_found() -> None:
    import pandas as pd

    frame = pd.DataFrame({"city": ["Zhuhai", "Macao"], "pct_share": [1.0, 2.0]})
    human = frame.rename(columns={"city": "City", "pct_share": "Share (%)"})
    assert leftovers(_pandas_table(frame.to_html()))  # class="dataframe"
    assert leftovers(_pandas_table(human.to_html()))  # index 0, 1
    assert leftovers(_pandas_table(human.style.to_html()))  # a Styler's index
    assert leftovers(_pandas_table(frame.style.hide(axis="index").to_html()))
    assert leftovers(_pandas_table(human.T.style.to_html()))  # columns 0, 1
    unformatted = human.assign(GDP=[31032.5, 4479.06]).style.hide(axis="index")
    assert leftovers(_pandas_table(unformatted.to_html()))
    qualifier = human.assign(Qualifier=["more_than", "about"])
    assert leftovers(_pandas_table(qualifier.style.hide(axis="index").to_html()))
    # what a reader should see passes
    shown = human.style.format(precision=1).hide(axis="index")
    assert not leftovers(_pandas_table(shown.to_html()))
    assert not leftovers(_printed("Zhuhai has 2.5% (2024), more than Macao"))


def test_no_page_shows_a_repr_or_a_default_index(built_book: Path) -> None:
    chapters = sorted((built_book / "chapters").glob("*.html"))
    assert len(chapters) >= 8
    problems = [
        f"{page.stem}: {problem}"
        for page in chapters
        for problem in leftovers(page.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


# --------------------------------------------- the data table under each chart


def _table_of(figure_html: str) -> tuple[list[str], int]:
    """The headings and the number of rows of a chart's data table."""
    table = BeautifulSoup(figure_html, "html.parser").select_one("table.gba-chart-data")
    assert table is not None, "no data table"
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    return heads, len(table.select("tbody tr"))


def _data_marks(spec: dict) -> list[tuple[str, dict[str, set[str]]]]:
    """(dataset, {position field: the headings it may have}) of every layer that
    draws data with a bar, line, point or cell; not text or rules, which annotate."""
    from book.embed import DATA_MARKS, _encoded, _human, _mark, _views

    headings: dict[tuple[str | None, str], set[str]] = {}
    for view, name in _views(spec):
        for field, title in _encoded(view):
            headings.setdefault((name, field), {_human(field)}).add(title or "")
    found = []
    for view, name in _views(spec):
        if _mark(view) not in DATA_MARKS or name is None:
            continue
        encoding = view.get("encoding", {})
        fields = [
            encoding[c]["field"]
            for c in ("x", "y", "longitude", "latitude")
            if isinstance(encoding.get(c), dict) and "field" in encoding[c]
        ]
        found.append((name, {f: headings[(name, f)] for f in fields}))
    return found


def table_problems(spec: dict, figure_html: str) -> list[str]:
    """Whether the data table under a chart shows the data its marks draw: the
    rows of a dataset drawn by a data mark, with that mark's positions (those
    in the data, not computed by the chart) as columns."""
    heads, n_rows = _table_of(figure_html)
    given = (spec.get("usermeta") or {}).get("table")
    if given:  # a chart that gives its view as a table (the comparison)
        if heads == given["columns"] and n_rows == len(given["rows"]):
            return []
        return [f"table {heads} ({n_rows} rows) is not the view the chart gives"]
    datasets = spec.get("datasets", {})
    for name, fields in _data_marks(spec):
        rows = datasets.get(name, [])
        if not rows or n_rows != min(len(rows), 300):
            continue
        if all(fields[f] & set(heads) for f in fields if f in rows[0]):
            return []
    marks = [(name[-6:], sorted(fields)) for name, fields in _data_marks(spec)]
    return [f"table {heads} ({n_rows} rows) is not the data of any of {marks}"]


def _layered_chart() -> dict:
    """A rank line with a label layer first, as the rank charts are built."""
    import altair as alt
    import pandas as pd

    ranks = pd.DataFrame({"edition": [2023, 2024, 2025], "rank": [2, 2, 1]})
    notes = pd.DataFrame({"x": [2024.5], "label": ["method changed"]})
    labels = alt.Chart(notes).mark_text().encode(x="x:Q", text="label:N")
    rule = alt.Chart(notes).mark_rule().encode(x="x:Q")
    line = (
        alt.Chart(ranks)
        .mark_line(point=True)
        .encode(
            x=alt.X("edition:O", title="GII edition"),
            y=alt.Y("rank:Q", title="Rank"),
        )
    )
    return alt.layer(rule, labels, line).to_dict()


def test_the_data_table_shows_the_marks_data_not_the_labels() -> None:
    from book.embed import chart_html

    spec = _layered_chart()
    html = chart_html(spec, compile_vega=False)
    assert _table_of(html) == (["Rank", "GII edition"], 3)
    assert not table_problems(spec, html)
    ranks = next(n for n, rows in spec["datasets"].items() if len(rows) == 3)
    assert f'data-dataset="{ranks}"' in html  # the CSV download takes the same
    label_table = html.replace("<tbody>", "<tbody><tr><td>x</td></tr>", 1)
    assert table_problems(spec, label_table)  # the check can fail


def _chapter_specs(built_book: Path) -> dict[str, dict]:
    """Every chart spec the chapters drew, by the id its figure carries."""
    import hashlib
    import json

    from jupyter_cache import get_cache

    from book.render import MIME_TYPE

    # the executions themselves, from the build's cache (the notebooks myst-nb
    # writes to jupyter_execute carry no outputs when it read them from the cache)
    cache = get_cache(built_book.parent / ".jupyter_cache")
    notebooks = [cache.get_cache_bundle(r.pk).nb for r in cache.list_cache_records()]
    found = {}
    for notebook in notebooks:
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(MIME_TYPE)
                if spec is None:
                    continue
                spec = json.loads(spec) if isinstance(spec, str) else spec
                text = json.dumps(
                    spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")
                )
                found[hashlib.sha1(text.encode()).hexdigest()[:12]] = spec
    return found


def test_every_chart_table_shows_the_data_its_marks_draw(built_book: Path) -> None:
    specs = _chapter_specs(built_book)
    problems, checked = [], 0
    for page in sorted((built_book / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure.gba-chart"):
            spec = specs.get(figure["data-chart"])
            assert spec is not None, f"{page.stem}: no spec for {figure['data-chart']}"
            checked += 1
            problems += [f"{page.stem}: {p}" for p in table_problems(spec, str(figure))]
    assert checked >= 30
    assert not problems, "\n".join(problems)


# ------------------------------------------ in a browser: dark mode, code switch


def _open(browser, server: str, name: str, *, width: int, dark: bool = False):
    import functools

    from conftest import gate

    context = browser.new_context(
        viewport={"width": width, "height": 844},
        color_scheme="dark" if dark else "light",
    )
    context.route("**/*", functools.partial(gate, base=server, outside=[]))
    page = context.new_page()
    page.goto(server + name, wait_until="load")
    if dark:
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    return context, page


LUMINANCE = """el => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
  let box = el, bg = 'rgba(0, 0, 0, 0)';
  while (box && /rgba\\(.*, 0\\)$/.test(bg)) {
    bg = getComputedStyle(box).backgroundColor; box = box.parentElement;
  }
  return [lum(getComputedStyle(el).color), lum(bg)];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_output_tables_follow_the_theme(
    built_book: Path, server: str, browser, dark: bool
) -> None:
    """Table text contrasts with what is behind it, and in dark mode the table is
    not a pale box: light text on the page's dark background."""
    context, page = _open(
        browser, server, "chapters/world-clusters.html", width=1280, dark=dark
    )
    cells = page.locator("div.cell_output div.output.text_html table td")
    assert cells.count() > 20
    for index in range(0, cells.count(), 7):
        text, background = cells.nth(index).evaluate(LUMINANCE)
        assert abs(text - background) > 0.5, (index, text, background)
        assert (background < 0.3) if dark else (background > 0.7)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_one_code_switch_opens_and_closes_the_hidden_code(
    built_book: Path, server: str, browser, width: int
) -> None:
    context, page = _open(browser, server, "chapters/industry.html", width=width)
    hidden = page.locator("div.cell.tag_hide-input > details.hide")
    shown = page.locator("div.cell:not(.tag_hide-input) > div.cell_input")
    assert hidden.count() >= 2 and shown.count() >= 5
    switches = page.locator("button.gba-code-switch")
    assert switches.count() == 1
    switch = switches.first
    box = switch.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["height"] >= 40  # big enough for a finger
    title = page.locator("article h1").first.bounding_box()
    assert title and 0 < box["y"] - title["y"] < 300  # under the chapter title
    assert "Show all code" in switch.inner_text()

    switch.focus()  # from the keyboard
    page.keyboard.press("Enter")
    assert hidden.evaluate_all("ds => ds.every(d => d.open)")
    assert "Hide code" in switch.inner_text()
    assert page.locator("div.cell.tag_hide-input div.cell_input").first.is_visible()
    page.keyboard.press("Space")
    assert hidden.evaluate_all("ds => ds.every(d => !d.open)")
    assert shown.first.is_visible()  # visible code stays visible either way
    # one cell opened by its own toggle; the switch then still offers "all"
    hidden.first.locator("summary").click()
    assert hidden.first.evaluate("d => d.open")
    assert "Show all code" in switch.inner_text()
    context.close()


@pytest.mark.browser
def test_code_lines_are_never_cut_on_a_phone(
    built_book: Path, server: str, browser
) -> None:
    """Every code line wraps or scrolls inside its box (a line that runs past the
    box's edge with nothing to scroll is cut)."""
    context, page = _open(browser, server, "chapters/bay-at-a-glance.html", width=390)
    page.locator("button.gba-code-switch").click()
    cut = page.evaluate(
        """() => [...document.querySelectorAll('div.cell pre')].filter(pre => {
          const s = getComputedStyle(pre);
          const scrolls = ['auto', 'scroll'].includes(s.overflowX);
          const wraps = ['pre-wrap', 'break-spaces'].includes(s.whiteSpace);
          return pre.scrollWidth > pre.clientWidth + 1 && !scrolls && !wraps
            || pre.getBoundingClientRect().right > innerWidth;
        }).map(pre => pre.textContent.slice(0, 60))"""
    )
    assert page.locator("div.cell pre").count() > 20
    assert not cut, cut
    wrapped = page.evaluate(
        "[...document.querySelectorAll('div.cell_input pre')]"
        ".every(p => p.scrollWidth <= p.clientWidth + 1)"
    )
    assert wrapped  # at 390 px the code wraps: nothing is hidden to the right
    context.close()
