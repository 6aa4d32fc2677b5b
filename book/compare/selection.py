"""What a comparison asks (:class:`Selection`) and returns (:class:`Comparison`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

DEFAULT_CITIES = ("guangzhou", "shenzhen", "hong-kong", "macao")
"""Default selection: the two largest mainland cities and the two SARs."""

MEASURES = {
    "absolute": "value as published",
    "per_resident": "per resident",
    "per_km2": "per km² of land",
    "share": "share of the 11-city total",
    "index": "change since a base year (base year = 100)",
}
"""The measures a comparison can show, with their labels."""

CURRENCIES = ("CNY", "USD", "local")
"""Money in yuan or US dollars (converted), or in each city's own currency."""

CORE_INDICATORS = ("population", "gdp", "gdp_per_capita", "employment", "land_area")
"""The indicators every city has from the official tables (the static chart's set)."""


@dataclass(frozen=True)
class Selection:
    """What to compare.

    Attributes
    ----------
    indicator : str
        Indicator id (see ``indicators.csv``).
    cities : tuple of str
        City ids.
    measure : str
        One of :data:`MEASURES`.
    years : (int, int)
        Inclusive range; equal ends mean one year (bar chart), otherwise a line chart.
    base_year : int or None
        Base of the index measure (default: the first year of ``years``).
    currency : str
        ``"CNY"`` or ``"USD"`` (convert money at annual average rates) or ``"local"``.
    """

    indicator: str = "population"
    cities: tuple[str, ...] = DEFAULT_CITIES
    measure: str = "absolute"
    years: tuple[int, int] = (2024, 2024)
    base_year: int | None = None
    currency: str = "CNY"

    @property
    def single_year(self) -> bool:
        """True when one year is selected."""
        return self.years[0] == self.years[1]

    @property
    def base(self) -> int:
        """The index's base year: ``base_year``, or the first year of ``years``."""
        return self.base_year if self.base_year is not None else self.years[0]


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: a tidy table and how to label it.

    ``table`` has one row per city (and year): ``city_id``, ``city``, ``name_zh``,
    ``jurisdiction``, ``year``, ``value`` (the measure; NaN when missing), ``currency``
    (for money), ``status`` (``ok`` or ``missing``) and ``note`` (why a value is
    missing, or how it was converted).

    ``heading`` is the title that follows the selection ("GDP per resident, 2024,
    yuan at World Bank average rates"), ``what`` its first part, ``words`` the unit in
    words; a value times ``factor`` reads in that unit (see :mod:`book.compare.words`).
    """

    selection: Selection
    table: pd.DataFrame
    title: str
    unit: str
    notes: tuple[str, ...]
    source_ids: tuple[str, ...]
    currencies: tuple[str, ...] = field(default=())
    heading: str = ""
    what: str = ""
    words: str = ""
    factor: float = 1.0
