"""How long a reader waits after moving a control of the live panel.

:func:`update_times` drives a panel through a fixed cycle of changes (indicators,
measures, currencies, cities, modes, years) and returns how long each update took,
from the control's change to the chart compiled to Vega, the table and the CSV ready
to show (``ComparePanel.last_update_seconds``). ``make bench`` reports it against
:data:`TARGETS`; the tests use it as a guard.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from book import compare

__all__ = ["CHANGES", "TARGETS", "update_times"]

TARGETS = {"median": 0.05, "max": 0.1}
"""Seconds: a widget update at the median, and at most (issue 14)."""

CHANGES: tuple[tuple[str, Any], ...] = (
    ("indicator", "gdp"),
    ("measure", "per_resident"),
    ("currency", "USD"),
    ("cities", ("shenzhen", "zhuhai", "macao")),
    ("mode", "range"),
    ("years", (2010, 2024)),
    ("measure", "index"),
    ("indicator", "population"),
    ("measure", "per_km2"),
    ("mode", "year"),
    ("year", 2015),
    ("indicator", "employment"),
)
"""One cycle of changes a reader might make; each one changes a control's value."""

START = {
    "indicator": "population",
    "currency": "CNY",
    "cities": compare.DEFAULT_CITIES,
    "measure": "absolute",
    "mode": "year",
    "year": 2024,
}
"""Where each cycle starts: the panel's opening view (set with one ``select``)."""


def update_times(
    panel: Any,
    cycles: int = 5,
    warm_up: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Seconds per update over ``cycles`` cycles of :data:`CHANGES`.

    The ``warm_up`` cycles before are not counted (the first visit of an indicator
    also computes which measures and years it has, kept for the next). The
    ``select`` that resets the panel between cycles counts as one update. ``clock``
    is wall time by default (what a reader waits); :func:`time.process_time`
    counts only this process's work, whatever else the machine is doing.
    """
    times = []
    for cycle in range(warm_up + cycles):
        steps = [("select", START), *CHANGES]
        for name, value in steps:
            start = clock()
            if name == "select":
                panel.select(**value)
            else:
                getattr(panel, name).value = value
            if cycle >= warm_up:
                times.append(clock() - start)
    return times
