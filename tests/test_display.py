"""`import book` changes nothing outside the package; `book.setup()` does, once."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT

PROBE = """
import json
import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler
original = Styler.__init__
import book
from book import charts, compare, currency, data, exercises, fmt, widgets  # noqa
state = lambda: {
    "theme": alt.theme.active,
    "renderer": alt.renderers.active,
    "escape": pd.get_option("styler.format.escape"),
    "styler_patched": Styler.__init__ is not original,
}
before = state()
book.setup()
after = state()
book.setup()
again = state()
print(json.dumps([before, after, again]))
"""


def test_import_has_no_side_effects_and_setup_is_idempotent() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    before, after, again = json.loads(result.stdout.splitlines()[-1])
    assert before == {
        "theme": "default",
        "renderer": "default",
        "escape": None,
        "styler_patched": False,
    }
    assert after == {
        "theme": "gba",
        "renderer": "gba",
        "escape": "html",
        "styler_patched": True,
    }
    assert again == after


def test_tables_escape_text_after_setup() -> None:
    import pandas as pd

    from book.display import is_set_up

    assert is_set_up()  # conftest calls book.setup(), as every chapter does
    html = pd.DataFrame({"city": ["<b>x</b>"]}).style.format("{}").to_html()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_sets_up_in_its_first_cell(chapter) -> None:
    text = chapter.read_text(encoding="utf-8")
    first = re.search(r"```\{code-cell\}[^\n]*\n(.*?)\n```", text, re.S)
    assert first, f"{chapter.name} has no code cell"
    assert re.search(r"^book\.setup\(\)", first.group(1), re.M), (
        f"{chapter.name}: the first code cell must call book.setup()"
    )


def test_assert_same_chart_names_each_difference() -> None:
    import altair as alt
    import pandas as pd

    from book.specs import assert_same_chart

    frame = pd.DataFrame({"city": ["a", "b"], "value": [1.0, 2.0]})
    shown = alt.Chart(frame).mark_bar().encode(x="value:Q", y="city:N")
    assert_same_chart(
        shown, alt.Chart(frame).mark_bar().encode(x="value:Q", y="city:N")
    )
    other = (
        alt.Chart(frame).mark_point().encode(x="value:Q", y=alt.Y("city:N", title="x"))
    )
    with pytest.raises(AssertionError) as caught:
        assert_same_chart(shown, other)
    message = str(caught.value)
    assert "$.mark.type: shown 'bar', builder 'point'" in message
    assert "$.encoding.y.title: only in the builder's chart" in message


def test_assert_same_chart_compares_the_data_the_shown_chart_has() -> None:
    import altair as alt
    import pandas as pd

    from book.specs import assert_same_chart

    frame = pd.DataFrame({"city": ["a", "b"], "value": [1.0, 2.0]})
    shown = alt.Chart(frame).mark_bar().encode(x="value:Q", y="city:N")
    helper_column = frame.assign(missing=frame["value"].isna())
    assert_same_chart(  # a column the chart never uses does not matter
        shown, alt.Chart(helper_column).mark_bar().encode(x="value:Q", y="city:N")
    )
    changed = frame.assign(value=[1.0, 3.0])
    with pytest.raises(AssertionError, match=r"datasets\.data-0\[1\]\.value"):
        assert_same_chart(
            shown, alt.Chart(changed).mark_bar().encode(x="value:Q", y="city:N")
        )
