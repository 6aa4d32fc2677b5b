"""A live control panel (ipywidgets) over :mod:`book.compare`, for Jupyter and Binder.

>>> panel = ComparePanel()          # doctest: +SKIP
>>> panel                           # doctest: +SKIP  (shows the controls)
>>> panel.indicator.value = "gdp"   # doctest: +SKIP  (the chart and table follow)
>>> panel.table                     # doctest: +SKIP

The panel needs a kernel. When the book is built (the build sets ``GBA_BOOK_BUILD``),
it shows a short note instead of dead controls; the static page carries the same
comparison as a chart with HTML inputs that work without a kernel.

Modules: :mod:`~book.widgets.panel` (its state and updates),
:mod:`~book.widgets.controls` (the controls and their layout),
:mod:`~book.widgets.fit` (only the choices that apply: measures, years, base year),
:mod:`~book.widgets.check` (what ``select`` accepts, errors naming the choices),
:mod:`~book.widgets.view` (heading, chart, table, CSV link and notes) and
:mod:`~book.widgets.timing` (how long an update takes). The arithmetic and wording
are :mod:`book.compare`'s, shared with the static page.
"""

from book.render import BUILD_ENV  # set by the build: a note, not live controls
from book.widgets.panel import ComparePanel
from book.widgets.view import STATIC_NOTE

__all__ = ["BUILD_ENV", "STATIC_NOTE", "ComparePanel"]
