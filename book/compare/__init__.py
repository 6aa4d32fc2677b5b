"""Compare the 11 cities on any indicator: selection in, table and chart out.

A :class:`Selection` names the indicator, the cities, the measure, the years and the
currency. :func:`compare` returns a :class:`Comparison`: a tidy table with one row per
city and year (missing values kept, with the reason) plus the unit, title and notes
the chart needs. :func:`chart` draws it: bars for one year, lines over years.
:func:`static_chart` builds the same comparison for the static book, where Vega-Lite
parameters bound to HTML inputs do the selecting in the browser.

Money is never added or ranked across currencies as it stands. By default it is
converted to yuan with the World Bank's annual average rates (``data/exchange_rates``);
``currency="local"`` keeps each city's own currency and then refuses totals and shares
and draws one panel per currency. Indexes (change since a base year) are computed in
each city's own currency, so exchange-rate movements do not distort them.

Modules: :mod:`~book.compare.selection` (what is asked and returned),
:mod:`~book.compare.units` (units, valid measures, labels),
:mod:`~book.compare.words` (headings, units in words, numbers, the view's table),
:mod:`~book.compare.choices` (the years, default year and measures that apply),
:mod:`~book.compare.describe` (title, notes and sources),
:mod:`~book.compare.marks` (lines named at their ends),
:mod:`~book.compare.compute` (the arithmetic), :mod:`~book.compare.drawing` (the
chart), :mod:`~book.compare.static_table` and :mod:`~book.compare.static_chart` (the
kernel-free version).
"""

from book.compare.choices import (
    check_choice,
    default_year,
    measure_reasons,
    year_range,
)
from book.compare.compute import compare
from book.compare.drawing import chart
from book.compare.marks import end_labels
from book.compare.selection import (
    CORE_INDICATORS,
    CURRENCIES,
    DEFAULT_CITIES,
    MEASURES,
    Comparison,
    Selection,
)
from book.compare.static_chart import static_chart
from book.compare.static_table import static_table
from book.compare.units import valid_measures
from book.compare.words import figure, figure_expr, view_csv, view_table

__all__ = [
    "CORE_INDICATORS",
    "CURRENCIES",
    "DEFAULT_CITIES",
    "MEASURES",
    "Comparison",
    "Selection",
    "chart",
    "check_choice",
    "compare",
    "default_year",
    "end_labels",
    "figure",
    "figure_expr",
    "measure_reasons",
    "static_chart",
    "static_table",
    "valid_measures",
    "view_csv",
    "view_table",
    "year_range",
]
