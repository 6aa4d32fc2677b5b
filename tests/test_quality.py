"""Quality gates: bad data never publishes, data text is escaped, builds are repeatable."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, set_cell
from test_rules import CASES, Case

from book import data, widgets
from book.embed import chart_html

# ------------------------------------------------------------ bad data


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_make_book_refuses_every_fault(case: Case, data_copy: Path) -> None:
    """The fault catalogue: each realistic mistake stops `make book` with its location."""
    file, row, column, rule = case(data_copy)
    env = {**os.environ, "GBA_BOOK_DATA": str(data_copy), "MAKEFLAGS": ""}
    result = subprocess.run(["make", "--no-print-directory", "book"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0
    expected = (
        file
        + (f", row {row}" if row else "")
        + (f", column '{column}'" if column else "")
    )
    assert expected in output and f"[{rule}]" in output
    assert "building the book" not in output  # stopped before the build


# -------------------------------------------------------------- safety

EVIL = "<script>alert('gba')</script>Macao"


@pytest.fixture
def evil_data(data_copy: Path) -> Path:
    set_cell(data_copy / "cities.csv", {"city_id": "macao"}, "name_en", EVIL)
    return data_copy


def test_text_from_data_is_escaped_in_charts_and_tables(evil_data: Path) -> None:
    from book import charts, compare

    d = data.load(evil_data)
    result = compare.compare(d, compare.Selection("population", ("macao", "shenzhen")))
    html = chart_html(compare.chart(result, "Source: t").to_dict())
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(&#x27;gba&#x27;)&lt;/script&gt;Macao" in html
    )  # the table
    assert "\\u003cscript\\u003e" in html  # the chart's data
    styled = d.cities.style.to_html()
    assert "<script>alert" not in styled and "&lt;script&gt;" in styled
    formatted = d.cities.style.format(precision=1).hide(axis="index").to_html()
    assert "<script>alert" not in formatted  # an explicit .format() keeps escaping
    labels = d.cities.set_index("name_en").style.format(precision=1).to_html()
    assert "<script>alert" not in labels  # so do row labels
    cities = charts.city_bars(
        d.series("population", year=2024),
        title="t",
        unit="u",
        source="Source: s",
        description="Bars.",
    )
    assert "<script>alert" not in chart_html(cities.to_dict())


def test_text_from_data_is_escaped_in_the_widget(evil_data: Path) -> None:
    panel = widgets.ComparePanel(data.load(evil_data))
    labels = [label for label, _ in panel.cities.options]
    assert any(label.startswith(EVIL) for label in labels)  # plain text in the select
    assert "<script>alert" not in panel.table.to_html()
    assert "<script>alert" not in panel.download.value
    panel.cities.value = ()
    assert "<script>" not in panel.message.value


# The built pages show such a name as text: tests/test_injection.py builds the book
# with a script in every city's name (and every other free-text field).


# -------------------------------------------------------- determinism

# A cold build elsewhere gives the session's pages byte for byte, and so does a warm
# one: tests/test_build.py (one sequence of builds with the data-edit checks).
