"""Put CNY, HKD and MOP figures on one footing, with sourced annual average rates.

Figures in different currencies are never added or ranked as they stand. These pure
functions convert them through the US dollar with the rates in
``data/exchange_rates.csv`` (World Bank WDI annual averages by default). A year with
no rate gives a missing result with the reason, never a guess.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["DEFAULT_BASIS", "convert", "cross_rate", "to_currency"]

DEFAULT_BASIS = "wdi-period-average"


def cross_rate(
    rates: pd.DataFrame,
    year: int,
    source: str,
    target: str,
    basis: str = DEFAULT_BASIS,
) -> float:
    """Units of ``target`` per unit of ``source`` in ``year``.

    Parameters
    ----------
    rates : pandas.DataFrame
        ``BookData.exchange_rates``: currency, year, basis, lcu_per_usd.
    year : int
        Calendar year of the annual average.
    source, target : str
        Currency codes (CNY, HKD, MOP, or USD, the rates' common base).
    basis : str
        Which series to use; both currencies must have it for that year.

    Raises
    ------
    KeyError
        If a rate is missing for that year and basis.

    """
    if source == target:
        return 1.0
    table = rates[(rates["year"] == year) & (rates["basis"] == basis)]
    per_usd = dict(zip(table["currency"], table["lcu_per_usd"], strict=True))
    per_usd["USD"] = 1.0
    missing = [c for c in (source, target) if c not in per_usd]
    if missing:
        raise KeyError(f"no {basis} exchange rate for {', '.join(missing)} in {year}")
    return float(per_usd[target]) / float(per_usd[source])


def convert(
    value: float,
    rates: pd.DataFrame,
    year: int,
    source: str,
    target: str,
    basis: str = DEFAULT_BASIS,
) -> float:
    """Convert one amount from ``source`` to ``target`` currency at ``year``'s rate."""
    return value * cross_rate(rates, year, source, target, basis)


def to_currency(
    frame: pd.DataFrame,
    rates: pd.DataFrame,
    *,
    target: str = "CNY",
    basis: str = DEFAULT_BASIS,
    value: str = "value",
    currency: str = "currency",
    year: str = "year",
) -> pd.DataFrame:
    """Return a copy of ``frame`` with the money column converted to ``target``.

    Adds ``value_<target>`` (NaN where no rate exists), ``rate`` (target units per
    local unit) and ``conversion_note`` (empty, or why the value could not be
    converted). The input frame is not modified.
    """
    out = frame.copy()
    basis_rates = rates[rates["basis"] == basis]
    known: dict[tuple, float | str] = {}  # (currency, year) -> rate, or why none

    def rate_for(cur: object, yr: object) -> float | str:
        if (cur, yr) not in known:  # one lookup per currency and year, not per row
            try:
                known[cur, yr] = cross_rate(basis_rates, int(yr), cur, target, basis)
            except (KeyError, TypeError, ValueError) as exc:
                known[cur, yr] = str(exc).strip("'\"")
        return known[cur, yr]

    converted, used, notes = [], [], []
    for amount, cur, yr in zip(out[value], out[currency], out[year], strict=True):
        rate = rate_for(cur, yr)
        if isinstance(rate, str):
            converted.append(float("nan"))
            used.append(float("nan"))
            notes.append(rate)
            continue
        converted.append(amount * rate if pd.notna(amount) else float("nan"))
        used.append(rate)
        notes.append("" if pd.notna(amount) else "value missing in the source")
    out[f"value_{target}"] = converted
    out["rate"] = used
    out["conversion_note"] = notes
    return out
