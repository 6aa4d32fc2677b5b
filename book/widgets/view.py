"""What the panel shows: heading, chart, table, CSV link, notes, and the build's note.

The chart and the table are written into the panel's Output widgets as display data
(the outputs a notebook saves), made here in the kernel: the chart compiled to Vega
as every chart of the book in Jupyter (:mod:`book.render`), the table as HTML. So
what a reader waits for after a change is measured by the panel itself
(``last_update_seconds``), and a panel works the same with or without a kernel.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import pandas as pd

from book import compare, render
from book.compare.words import text

__all__ = [
    "STATIC_NOTE",
    "chart_output",
    "download_link",
    "failure",
    "heading",
    "notes",
    "table_output",
]

STATIC_NOTE = (
    '<div class="admonition note gba-live-note"><p class="admonition-title">'
    "Live controls in Jupyter or Binder</p><p>This comparison panel runs in a Python "
    "kernel. To use it, open this chapter as a notebook: the links under the "
    "chapter title (&#8220;Run this chapter yourself&#8221;) download it or, where "
    "offered, launch it in Binder; or run <code>jupyter lab</code> in the "
    "repository. The chart below works here in the browser without a kernel.</p></div>"
)


def _display(data: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    return ({"output_type": "display_data", "data": data, "metadata": {}},)


def chart_output(chart: Any) -> tuple[dict[str, Any], ...]:
    """The chart as an Output widget's outputs (Vega compiled in the kernel)."""
    # The builders' charts are valid (the tests check each kind): skipping Altair's
    # schema validation here halves the time a reader waits.
    return _display(render.bundle(chart.to_dict(validate=False)))


def table_output(table: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """The view's table as an Output widget's outputs: HTML (escaped), no index."""
    shown = table.to_html(index=False, escape=True, border=0, classes="dataframe")
    return _display({"text/html": shown, "text/plain": f"Table of {len(table)} rows"})


def heading(comparison: compare.Comparison | None) -> str:
    """The title that follows the selection, as HTML (empty without a comparison)."""
    if comparison is None:
        return ""
    return (
        '<h3 class="gba-panel-heading" style="margin: 0.6em 0 0.2em">'
        f"{html.escape(comparison.heading)}</h3>"
    )


def download_link(comparison: compare.Comparison) -> str:
    """An HTML link that saves the view's table as a CSV file (UTF-8, BOM).

    The file is :func:`compare.view_csv`: the rows and headers of the table shown,
    values as numbers.
    """
    csv = compare.view_csv(comparison)
    payload = base64.b64encode(("\ufeff" + csv).encode("utf-8")).decode("ascii")
    sel = comparison.selection
    name = f"gba-{sel.indicator}-{sel.measure}.csv"
    label = html.escape(text()["page"]["csv"])  # as on the static page
    return f'<a download="{name}" href="data:text/csv;base64,{payload}">{label}</a>'


def notes(lines: list[str]) -> str:
    """Notes under the controls (what is not available and why, what moved)."""
    return "".join(
        '<p class="gba-panel-note" style="margin: 0.2em 0; line-height: 1.4">'
        f"{html.escape(line)}</p>"
        for line in lines
    )


def failure(message: str) -> str:
    """Why there is no chart, as the book's feedback markup (escaped)."""
    return f'<p class="gba-feedback gba-wrong">{html.escape(message)}</p>'
