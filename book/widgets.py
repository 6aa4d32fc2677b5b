"""A live control panel (ipywidgets) over :mod:`book.compare`, for Jupyter and Binder.

>>> panel = ComparePanel()          # doctest: +SKIP
>>> panel                           # doctest: +SKIP  (shows the controls)
>>> panel.indicator.value = "gdp"   # doctest: +SKIP  (the chart and table follow)
>>> panel.table                     # doctest: +SKIP

The panel needs a kernel. When the book is built (the build sets ``GBA_BOOK_BUILD``),
it shows a short note instead of dead controls; the static page carries the same
comparison as a chart with HTML inputs that work without a kernel.
"""

from __future__ import annotations

import base64
import html
import os
import time

import ipywidgets as widgets
import pandas as pd

from book import compare
from book.data import BookData, load
from book.render import BUILD_ENV  # set by the build: a note, not live controls

__all__ = ["BUILD_ENV", "ComparePanel"]

STATIC_NOTE = (
    '<div class="admonition note gba-live-note"><p class="admonition-title">'
    "Live controls in Jupyter or Binder</p><p>This comparison panel runs in a Python "
    "kernel. To use it, open this chapter as a notebook: the links under the "
    "chapter title (&#8220;Run this chapter yourself&#8221;) download it or, where "
    "offered, launch it in Binder; or run <code>jupyter lab</code> in the "
    "repository. The chart below works here in the browser without a kernel.</p></div>"
)


class ComparePanel:
    """Pick cities, an indicator, a measure and years; see the chart and table.

    Parameters
    ----------
    data : BookData, optional
        The data package (default: :func:`book.data.load`).
    selection : compare.Selection, optional
        The first selection shown (default: four cities, population, latest year).

    Attributes
    ----------
    indicator, measure, currency : ipywidgets.Dropdown
    cities : ipywidgets.SelectMultiple
    mode : ipywidgets.ToggleButtons
        ``"year"`` (bar chart for one year) or ``"range"`` (lines over years).
    year, base_year : ipywidgets.IntSlider
    years : ipywidgets.IntRangeSlider
    comparison : compare.Comparison or None
        The current result (None when the selection is invalid; see ``message``).
    table : pandas.DataFrame
        The current table, as shown.
    chart : altair chart or None
        The current chart.
    last_update_seconds : float
        How long the last recomputation took.
    """

    def __init__(
        self, data: BookData | None = None, selection: compare.Selection | None = None
    ):
        self.data = data or load()
        sel = selection or compare.Selection()
        d = self.data
        years = d.city_indicators["year"].dropna()
        low, high = int(years.min()), int(years.max())
        titles = d.indicators.set_index("indicator_id")["title_en"]
        self.indicator = widgets.Dropdown(
            options=[(str(titles[i]), i) for i in d.indicators["indicator_id"]],
            value=sel.indicator,
            description="Indicator",
        )
        self.measure = widgets.Dropdown(description="Measure")
        self._set_measures(sel.measure)
        self.cities = widgets.SelectMultiple(
            options=[
                (f"{r.name_en} {r.name_zh}", r.city_id) for r in d.cities.itertuples()
            ],
            value=tuple(sel.cities),
            rows=11,
            description="Cities",
        )
        self.mode = widgets.ToggleButtons(
            options=[("One year", "year"), ("Over time", "range")],
            value="year" if sel.single_year else "range",
            description="Show",
        )
        self.year = widgets.IntSlider(
            value=sel.years[1], min=low, max=high, description="Year"
        )
        self.years = widgets.IntRangeSlider(
            value=sel.years
            if not sel.single_year
            else (max(low, sel.years[1] - 10), sel.years[1]),
            min=low,
            max=high,
            description="Years",
        )
        self.base_year = widgets.IntSlider(
            value=sel.base_year
            or (sel.years[0] if not sel.single_year else max(low, sel.years[1] - 10)),
            min=low,
            max=high,
            description="Base year",
        )
        self.currency = widgets.Dropdown(
            options=[
                ("yuan (CNY), converted", "CNY"),
                ("US dollars, converted", "USD"),
                ("local currencies, not converted", "local"),
            ],
            value=sel.currency,
            description="Money in",
        )
        self.message = widgets.HTML()
        self.download = widgets.HTML()
        self.output = widgets.Output()
        self.comparison: compare.Comparison | None = None
        self.table = pd.DataFrame()
        self.chart = None
        self.last_update_seconds = 0.0
        self._shown = False  # render into the Output widget only once displayed live
        for control in (
            self.measure,
            self.cities,
            self.mode,
            self.year,
            self.years,
            self.base_year,
            self.currency,
        ):
            control.observe(self.update, names="value")
        self.indicator.observe(self._indicator_changed, names="value")
        self.update()

    # ----------------------------------------------------------- state
    def _set_measures(self, wanted: str) -> None:
        valid = compare.valid_measures(self.data, self.indicator.value)
        self.measure.options = [(compare.MEASURES[m], m) for m in valid]
        self.measure.value = wanted if wanted in valid else "absolute"

    def _indicator_changed(self, change: dict) -> None:
        self.measure.unobserve(self.update, names="value")
        self._set_measures(self.measure.value)
        self.measure.observe(self.update, names="value")
        self.update()

    @property
    def selection(self) -> compare.Selection:
        """The selection the controls describe."""
        years = (
            (self.year.value, self.year.value)
            if self.mode.value == "year"
            else tuple(self.years.value)
        )
        return compare.Selection(
            indicator=self.indicator.value,
            cities=tuple(self.cities.value),
            measure=self.measure.value,
            years=years,
            base_year=self.base_year.value if self.measure.value == "index" else None,
            currency=self.currency.value,
        )

    def update(self, change: dict | None = None) -> None:
        """Recompute the table and the chart from the controls (called on change)."""
        start = time.perf_counter()
        sel = self.selection
        self.year.disabled = self.mode.value != "year"
        self.years.disabled = self.mode.value != "range"
        self.base_year.disabled = sel.measure != "index"
        if not sel.cities:
            self._fail("Choose at least one city.")
        else:
            try:
                result = compare.compare(self.data, sel)
            except ValueError as exc:
                self._fail(str(exc))
            else:
                self.comparison = result
                self.chart = compare.chart(
                    result, self.data.source_line(result.source_ids, derived=True)
                )
                self.table = self._display_table(result)
                self.message.value = ""
                self.download.value = self._download_link(result)
        self.last_update_seconds = time.perf_counter() - start
        self._render()

    def _fail(self, message: str) -> None:
        self.comparison = None
        self.chart = None
        self.table = pd.DataFrame()
        self.download.value = ""
        self.message.value = (
            f'<p class="gba-feedback gba-wrong">{html.escape(message)}</p>'
        )

    @staticmethod
    def _display_table(result: compare.Comparison) -> pd.DataFrame:
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

    @staticmethod
    def _download_link(result: compare.Comparison) -> str:
        csv = result.table.to_csv(index=False)
        payload = base64.b64encode(("\ufeff" + csv).encode("utf-8")).decode("ascii")
        name = f"gba-{result.selection.indicator}-{result.selection.measure}.csv"
        return (
            f'<a download="{name}" href="data:text/csv;base64,{payload}">'
            "Download this selection (CSV)</a>"
        )

    # ----------------------------------------------------------- display
    def _render(self) -> None:
        if not self._shown:
            return
        from IPython.display import display

        with self.output:
            self.output.clear_output(wait=True)
            if self.chart is not None:
                display(self.chart)
                display(self.table)

    @property
    def widget(self) -> widgets.Widget:
        """The whole panel as one widget."""
        return widgets.VBox(
            [
                widgets.HBox([self.indicator, self.measure]),
                widgets.HBox([self.mode, self.currency]),
                widgets.HBox([self.year, self.years, self.base_year]),
                self.cities,
                self.message,
                self.output,
                self.download,
            ]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if os.environ.get(BUILD_ENV):
            display(HTML(STATIC_NOTE))
        else:
            self._shown = True
            display(self.widget)
            self._render()

    def select(self, **values: object) -> ComparePanel:
        """Set several controls at once (for teaching cells and tests); returns self.

        Example: ``panel.select(indicator="gdp", measure="share")``.
        """
        order = [
            "indicator",
            "measure",
            "mode",
            "currency",
            "cities",
            "year",
            "years",
            "base_year",
        ]
        unknown = set(values) - set(order)
        if unknown:
            raise ValueError(f"unknown control(s): {sorted(unknown)}; use {order}")
        for name in order:
            if name in values:
                value = values[name]
                getattr(self, name).value = (
                    tuple(value) if name in ("cities", "years") else value
                )
        return self
