"""The live comparison panel: its state, how it updates, and how it is shown."""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import ipywidgets as widgets
import pandas as pd

from book import compare
from book.compare.words import text
from book.data import BookData, load
from book.render import BUILD_ENV  # set by the build: a note, not live controls
from book.widgets import fit, view
from book.widgets.check import checked
from book.widgets.controls import (
    CONTROLS,
    choice_controls,
    layout,
    measure_control,
    time_controls,
)

__all__ = ["ComparePanel"]

_MOVES_YEAR = {"cities", "measure", "currency"}  # may leave the year with fewer values
_OVERRULES = {"measure": "fallback", "year": "year"}  # a choice that voids a note


class ComparePanel:
    """Pick cities, an indicator, a measure and years; see the chart and table.

    Only the choices that apply are offered: the indicator's years, the measures it
    can have (the others are listed with the reason under the controls), the base
    year only for an index. A new indicator opens on its default year (the latest
    with values for most of the chosen cities).

    Parameters
    ----------
    data : BookData, optional
        The data package (default: :func:`book.data.load`).
    selection : compare.Selection, optional
        The first selection shown (default: four cities, population, the default
        year).

    Attributes
    ----------
    indicator, measure, currency : ipywidgets.Dropdown
    cities : ipywidgets.SelectMultiple
    mode : ipywidgets.ToggleButtons
        ``"year"`` (bar chart for one year) or ``"range"`` (lines over years).
    year, base_year : ipywidgets.IntSlider
    years : ipywidgets.IntRangeSlider
    message, heading, download : ipywidgets.HTML
        Notes under the controls (or why there is no chart), the title that follows
        the selection, and the link that saves the table as CSV.
    tabs : ipywidgets.Tab
        "Chart" and "Table", each an Output widget holding what it shows.
    comparison : compare.Comparison or None
        The current result, in numbers (None when there is nothing to show; see
        ``message``).
    table : pandas.DataFrame
        The table as shown (:func:`compare.view_table`): human headers, numbers in
        words, "–" and the reason where a value is missing.
    chart : altair chart or None
        The current chart.
    last_update_seconds : float
        How long the last update took, from a control's change to the chart (compiled
        to Vega), table and CSV ready to show: what a reader waits for in the kernel.
    updates : int
        How many updates there have been (one per change, one per ``select``).
    """

    def __init__(
        self, data: BookData | None = None, selection: compare.Selection | None = None
    ):
        self.data = data or load()
        sel = selection or compare.Selection()
        self.indicator, self.cities, self.currency = choice_controls(self.data, sel)
        self.measure = measure_control(sel.measure)
        span = compare.year_range(self.data, sel.indicator) or sel.years
        self.mode, self.year, self.years, self.base_year = time_controls(sel, span)
        self.message = widgets.HTML()
        self.heading = widgets.HTML()
        self.download = widgets.HTML()
        words = text()["page"]  # the same tabs as the static page
        self.tabs = widgets.Tab(
            children=[widgets.Output(), widgets.Output()],
            titles=(words["chart_tab"], words["table_tab"]),
        )
        self.comparison: compare.Comparison | None = None
        self.table = pd.DataFrame()
        self.chart = None
        self.last_update_seconds = 0.0
        self.updates = 0
        self._quiet = False
        self._base_chosen = False
        for name in CONTROLS:
            handler = functools.partial(self._changed, name)
            getattr(self, name).observe(handler, names="value")
        self._refresh(set(CONTROLS), reset_year=selection is None)

    # ----------------------------------------------------------- state
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

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Move controls without each move recomputing the comparison."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def _changed(self, name: str, change: dict | None = None) -> None:
        """A reader moved a control: adapt the others, then recompute once."""
        if not self._quiet:
            self._refresh({name})

    def _fit(self, changed: set[str], reset_year: bool = True) -> dict[str, str]:
        """Adapt the other controls to a change; the notes it leaves, by kind."""
        notes: dict[str, str] = {}
        with self._held():
            if changed & {"indicator", "currency"}:
                notes.update(fit.fit_measures(self))
            if "indicator" in changed:
                notes.update(fit.fit_years(self, reset=reset_year))
            if "base_year" in changed:
                self._base_chosen = True  # kept until the indicator or measure moves
            elif changed & {"indicator", "measure", "mode"}:
                self._base_chosen = False
                fit.fit_base(self)
            elif changed & {"years", "cities"} and not self._base_chosen:
                fit.fit_base(self)  # an index over time starts at 100
        return notes

    def _refresh(self, changed: set[str], reset_year: bool = True) -> None:
        """Adapt the controls to a change, then recompute and show the view."""
        start = time.perf_counter()
        notes = self._fit(changed, reset_year)
        move = bool(changed & _MOVES_YEAR) and not changed & {"year", "indicator"}
        self._compute(notes, move)
        self._timed(start)

    def _timed(self, start: float) -> None:
        self.last_update_seconds = time.perf_counter() - start
        self.updates += 1

    def update(self, change: dict | None = None) -> None:
        """Recompute the table and the chart from the controls as they are."""
        self._refresh(set())

    def _compute(self, notes: dict[str, str], move_year: bool) -> None:
        """The comparison the controls describe, drawn; or why there is none."""
        with self._held():
            fixed = fit.show_time(self)
        sel = self.selection
        if not sel.cities:
            return self._fail(text()["errors"]["no_city"], notes)
        try:
            result = compare.compare(self.data, sel)
            if move_year and fixed == [] and sel.single_year:
                result = self._better_year(result, notes)
        except ValueError as exc:
            return self._fail(str(exc), notes)
        self._show(result, notes)

    def _better_year(
        self, result: compare.Comparison, notes: dict[str, str]
    ) -> compare.Comparison:
        """Move to the default year if it has values for more of the chosen cities."""
        found = int(result.table["value"].notna().sum())
        if found == len(result.table):
            return result
        sel = result.selection
        year = fit.default_year(self)
        if year is None or year == sel.years[1]:
            return result
        other = compare.compare(self.data, dataclasses.replace(sel, years=(year, year)))
        if int(other.table["value"].notna().sum()) <= found:
            return result
        with self._held():
            self.year.value = year
        notes["year"] = fit.moved(self, year)
        return other

    def _notes(self, notes: dict[str, str]) -> list[str]:
        return [*fit.unavailable(self), *fit.show_time(self), *notes.values()]

    def _show(self, result: compare.Comparison, notes: dict[str, str]) -> None:
        """Show a comparison: heading, chart, table, CSV link and notes."""
        self.comparison = result
        self.chart = compare.chart(
            result, self.data.source_line(result.source_ids, derived=True)
        )
        self.table = compare.view_table(result)
        self.heading.value = view.heading(result)
        self.download.value = view.download_link(result)
        self.message.value = view.notes(self._notes(notes))
        chart_view, table_view = self.tabs.children
        chart_view.outputs = view.chart_output(self.chart)
        table_view.outputs = view.table_output(self.table)

    def _fail(self, message: str, notes: dict[str, str]) -> None:
        """Show why there is no chart, and clear the last result."""
        self.comparison = None
        self.chart = None
        self.table = pd.DataFrame()
        self.heading.value = ""
        self.download.value = ""
        self.message.value = view.notes(self._notes(notes)) + view.failure(message)
        for output in self.tabs.children:
            output.outputs = ()

    # ----------------------------------------------------------- display
    @property
    def widget(self) -> widgets.Widget:
        """The whole panel as one widget."""
        return layout(self)

    def _ipython_display_(self) -> None:
        """Show the controls in a kernel, or a note when the book is being built."""
        from IPython.display import HTML, display

        if os.environ.get(BUILD_ENV):
            display(HTML(view.STATIC_NOTE))
        else:
            display(self.widget)

    def select(self, **values: object) -> ComparePanel:
        """Set several controls at once (for teaching cells and tests); returns self.

        Example: ``panel.select(indicator="gdp", measure="per_resident")``. The
        values are checked first: an unknown control, indicator, city, measure or
        year raises ValueError naming the valid choices, and nothing moves.
        """
        values = checked(self, values)
        start = time.perf_counter()
        given = set(values)
        default = "indicator" in given and not {"year", "years"} & given
        notes: dict[str, str] = {}
        with self._held():
            for name in CONTROLS:
                if name in values:
                    getattr(self, name).value = values[name]
                    notes.pop(_OVERRULES.get(name, ""), None)
                    notes.update(self._fit({name}, reset_year=not default))
            if default:  # the new indicator's default year, for the new cities
                notes.update(fit.fit_years(self, reset=True))
                if "base_year" not in given:
                    fit.fit_base(self)
        move = bool(given & _MOVES_YEAR) and not {"year", "indicator"} & given
        self._compute(notes, move)
        self._timed(start)
        return self
