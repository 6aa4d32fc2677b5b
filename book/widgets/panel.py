"""The live comparison panel: its state, how it updates, and how it is shown."""

from __future__ import annotations

import os
import time

import ipywidgets as widgets
import pandas as pd

from book import compare
from book.data import BookData, load
from book.render import BUILD_ENV  # set by the build: a note, not live controls
from book.widgets.controls import CONTROLS, choice_controls, layout, time_controls
from book.widgets.view import STATIC_NOTE, display_table, download_link, failure

__all__ = ["ComparePanel"]


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
        self.indicator, self.cities, self.currency = choice_controls(self.data, sel)
        self.measure = widgets.Dropdown(description="Measure")
        self._set_measures(sel.measure)
        self.mode, self.year, self.years, self.base_year = time_controls(self.data, sel)
        self.message = widgets.HTML()
        self.download = widgets.HTML()
        self.output = widgets.Output()
        self.comparison: compare.Comparison | None = None
        self.table = pd.DataFrame()
        self.chart = None
        self.last_update_seconds = 0.0
        self._shown = False  # render into the Output widget only once displayed live
        for name in CONTROLS:
            if name != "indicator":  # a new indicator first updates the measures
                getattr(self, name).observe(self.update, names="value")
        self.indicator.observe(self._indicator_changed, names="value")
        self.update()

    # ----------------------------------------------------------- state
    def _set_measures(self, wanted: str) -> None:
        """Offer the measures valid for the indicator; keep ``wanted`` if valid."""
        valid = compare.valid_measures(self.data, self.indicator.value)
        self.measure.options = [(compare.MEASURES[m], m) for m in valid]
        self.measure.value = wanted if wanted in valid else "absolute"

    def _indicator_changed(self, change: dict) -> None:
        """Update the measures offered (without recomputing twice), then the rest."""
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
                self.table = display_table(result)
                self.message.value = ""
                self.download.value = download_link(result)
        self.last_update_seconds = time.perf_counter() - start
        self._render()

    def _fail(self, message: str) -> None:
        """Show why there is no chart, and clear the last result."""
        self.comparison = None
        self.chart = None
        self.table = pd.DataFrame()
        self.download.value = ""
        self.message.value = failure(message)

    # ----------------------------------------------------------- display
    def _render(self) -> None:
        """Draw the chart and the table into the output, once the panel is shown."""
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
        return layout(self)

    def _ipython_display_(self) -> None:
        """Show the controls in a kernel, or a note when the book is being built."""
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
        order = list(CONTROLS)
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
