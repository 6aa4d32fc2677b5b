"""Check what :meth:`ComparePanel.select` is given, before any control moves.

Every error is a ValueError that names the valid choices (wording in
``book/text/compare.yml``), so no widget's bare ``TraitError`` reaches a reader.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

from book import compare
from book.compare.words import short_name, text
from book.widgets.controls import CONTROLS

__all__ = ["checked"]

MODES = ("year", "range")


def checked(panel: Any, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as the controls take them, checked against the data.

    The indicator and currency given (or the panel's) decide which measures and years
    are valid.

    Raises
    ------
    ValueError
        Naming the valid choices: ``'gpd' is not a choice for indicator; choose
        one of: population, gdp, ...``.
    """
    d = panel.data
    for name in values:
        compare.check_choice("control", name, CONTROLS)
    out = dict(values)
    indicator = out.get("indicator", panel.indicator.value)
    compare.check_choice("indicator", indicator, d.indicators["indicator_id"])
    currency = out.get("currency", panel.currency.value)
    compare.check_choice("currency", currency, compare.CURRENCIES)
    if "cities" in out:
        cities = out["cities"]
        cities = (cities,) if isinstance(cities, str) else tuple(cities)
        for city in cities:
            compare.check_choice("cities", city, d.cities["city_id"])
        out["cities"] = cities
    if "measure" in out:
        _check_measure(panel, indicator, currency, out["measure"])
    if "mode" in out:
        compare.check_choice("mode", out["mode"], MODES)
    for name in ("year", "base_year"):
        if name in out:
            out[name] = _year(panel, indicator, name, out[name])
    if "years" in out:
        out["years"] = _years(panel, indicator, out["years"])
    return out


def _check_measure(panel: Any, indicator: str, currency: str, measure: Any) -> None:
    """A measure that exists and that the indicator (in this currency) can show."""
    compare.check_choice("measure", measure, compare.MEASURES)
    reasons = compare.measure_reasons(panel.data, indicator, currency)
    if reasons[measure]:
        raise ValueError(
            text()["errors"]["measure"].format(
                value=measure,
                indicator=short_name(panel.data.indicator(indicator)),
                reason=reasons[measure],
                choices=", ".join(m for m, why in reasons.items() if not why),
            )
        )


def _year(panel: Any, indicator: str, name: str, value: Any) -> int:
    """A whole year within the indicator's years."""
    errors = text()["errors"]
    label = short_name(panel.data.indicator(indicator))
    span = compare.year_range(panel.data, indicator)
    if span is None:
        raise ValueError(errors["undated"].format(indicator=label, name=name))
    first, last = span
    whole = isinstance(value, Integral) or (
        isinstance(value, Real) and float(value).is_integer()
    )
    if isinstance(value, bool) or not whole:
        raise ValueError(
            errors["whole_year"].format(value=value, name=name, first=first, last=last)
        )
    if not first <= int(value) <= last:
        raise ValueError(
            errors["year"].format(value=value, indicator=label, first=first, last=last)
        )
    return int(value)


def _years(panel: Any, indicator: str, value: Any) -> tuple[int, int]:
    """A first and a last year, in order, both within the indicator's years."""
    try:
        first, last = value
    except (TypeError, ValueError):
        span = compare.year_range(panel.data, indicator)
        if span is None:
            _year(panel, indicator, "years", value)  # an undated indicator: says so
        raise ValueError(
            text()["errors"]["years"].format(value=value, first=span[0], last=span[1])
        ) from None
    pair = (
        _year(panel, indicator, "years", first),
        _year(panel, indicator, "years", last),
    )
    if pair[0] > pair[1]:
        raise ValueError(text()["errors"]["years_order"].format(value=value))
    return pair
