"""What the panel shows: the table as displayed, the CSV link, messages, the note."""

from __future__ import annotations

import base64
import html

import pandas as pd

from book import compare

__all__ = ["STATIC_NOTE", "display_table", "download_link", "failure"]

STATIC_NOTE = (
    '<div class="admonition note gba-live-note"><p class="admonition-title">'
    "Live controls in Jupyter or Binder</p><p>This comparison panel runs in a Python "
    "kernel. To use it, open this chapter as a notebook: the links under the "
    "chapter title (&#8220;Run this chapter yourself&#8221;) download it or, where "
    "offered, launch it in Binder; or run <code>jupyter lab</code> in the "
    "repository. The chart below works here in the browser without a kernel.</p></div>"
)


def display_table(result: compare.Comparison) -> pd.DataFrame:
    """The comparison's table as shown: rounded, the unit as the value's heading.

    Columns that say nothing here (no currency, no year) are left out.
    """
    table = result.table[
        ["city", "name_zh", "year", "value", "currency", "note"]
    ].copy()
    digits = 0 if table["value"].abs().max() >= 1000 else 2
    table["value"] = table["value"].round(digits)
    table = table.rename(columns={"value": result.unit, "name_zh": "中文"})
    if table["currency"].isna().all():
        table = table.drop(columns="currency")
    if table["year"].isna().all():
        table = table.drop(columns="year")
    return table.reset_index(drop=True)


def download_link(result: compare.Comparison) -> str:
    """An HTML link that saves the comparison's table as a CSV file (UTF-8, BOM)."""
    csv = result.table.to_csv(index=False)
    payload = base64.b64encode(("\ufeff" + csv).encode("utf-8")).decode("ascii")
    name = f"gba-{result.selection.indicator}-{result.selection.measure}.csv"
    return (
        f'<a download="{name}" href="data:text/csv;base64,{payload}">'
        "Download this selection (CSV)</a>"
    )


def failure(message: str) -> str:
    """Why there is no chart, as the book's feedback markup (escaped)."""
    return f'<p class="gba-feedback gba-wrong">{html.escape(message)}</p>'
