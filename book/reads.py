"""Which files of ``data/`` a process has read: how the build knows what to re-run.

Every attribute of :class:`book.data.BookData` comes from one or more resources of
the data package (``exchange_rates`` from ``exchange_rates.csv``, ``city_indicators``
from ``city_indicators.csv`` joined with ``cities.csv`` and ``indicators.csv``).
``BookData`` notes each attribute read (:func:`note`) into a set for the process:

* in a kernel the book build starts, ``$GBA_BOOK_READS`` names a file; the set is
  written there (JSON) each time it grows, so the build learns which resources the
  chapter read when it ran (:mod:`book.sphinxext.execute`), and re-executes the
  chapter only when one of them changes (:mod:`book.sphinxext.staleness`);
* in the build itself, :func:`recording` collects what a page's own build-time
  code reads (the exercise forms compute their answers from the data).

Reading ``root`` (the folder, to open files by path) counts as reading everything
(:data:`EVERYTHING`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "EVERYTHING",
    "FIELD_RESOURCES",
    "READS_ENV",
    "note",
    "read_so_far",
    "recording",
]

READS_ENV = "GBA_BOOK_READS"
"""Environment variable: the file a build's kernel writes its reads to."""

EVERYTHING = "*"
"""A read of the whole folder (``BookData.root``): depends on every file."""

FIELD_RESOURCES: dict[str, tuple[str, ...]] = {
    "sources": ("sources",),
    "cities": ("cities",),
    "indicators": ("indicators",),
    "city_indicators": ("city_indicators", "cities", "indicators"),
    "national": ("national_indicators",),
    "exchange_rates": ("exchange_rates",),
    "gii": ("gii_clusters",),
    "gii_counts": ("gii_economy_counts",),
    "facts": ("article_facts",),
    "places": ("places",),
    "place_facts": ("place_facts",),
    "events": ("events",),
    "travel_times": ("travel_times",),
    "bay_areas": ("bay_areas",),
    "exceptions": ("plausibility_exceptions",),
    "geography": ("geography",),
    "root": (EVERYTHING,),
}
"""The data package resources (``datapackage.json`` names) behind each attribute."""

_READ: set[str] = set()
_RECORDERS: list[set[str]] = []


def note(field: str) -> None:
    """Note that ``BookData.<field>`` was read (anything else is ignored)."""
    resources = FIELD_RESOURCES.get(field)
    if resources is None:
        return
    for recorder in _RECORDERS:
        recorder.update(resources)
    if _READ.issuperset(resources):
        return
    _READ.update(resources)
    target = os.environ.get(READS_ENV)
    if target:
        path = Path(target)
        partial = path.with_name(path.name + ".part")
        partial.write_text(json.dumps(sorted(_READ)), encoding="utf-8")
        partial.replace(path)


def read_so_far() -> frozenset[str]:
    """The resources this process has read."""
    return frozenset(_READ)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the resources read inside the ``with`` block into the set it gives."""
    found: set[str] = set()
    _RECORDERS.append(found)
    try:
        yield found
    finally:
        _RECORDERS.remove(found)
