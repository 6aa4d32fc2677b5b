"""Put CNY, HKD and MOP figures on one footing, with sourced annual average rates.

Figures in different currencies are never added or ranked as they stand. These pure
functions convert them through the US dollar with the rates in
``data/exchange_rates.csv`` (World Bank WDI annual averages by default). A year with
no rate gives a missing result with the reason, never a guess.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["DEFAULT_BASIS", "convert", "cross_rate", "rates_for", "to_currency"]

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


def convert(value: float, *args: Any, **kwargs: Any) -> float:
    """Convert one amount: ``value * cross_rate(rates, year, source, target, basis)``.

    Takes the amount, then the arguments of :func:`cross_rate`, e.g.
    ``convert(100, d.exchange_rates, 2024, "MOP", "CNY")``.
    """
    return value * cross_rate(*args, **kwargs)


def rates_for(
    currencies: pd.Series,
    years: pd.Series,
    rates: pd.DataFrame,
    *,
    target: str = "CNY",
    basis: str = DEFAULT_BASIS,
) -> pd.DataFrame:
    """Units of ``target`` per unit of each currency in each year, column by column.

    The vectorised :func:`cross_rate`: ``rate = (target per USD) / (local per USD)``,
    each currency at its own year's rate. Returns one row per input row (same index):
    ``rate`` (NaN where a rate is missing) and ``conversion_note`` (empty, or which
    rate is missing).
    """
    per_usd = rates.loc[rates["basis"] == basis, ["currency", "year", "lcu_per_usd"]]
    keys = pd.DataFrame({"currency": currencies.array, "year": years.array})
    local = keys.merge(per_usd, on=["currency", "year"], how="left")["lcu_per_usd"]
    local = local.mask(keys["currency"] == "USD", 1.0)  # USD: the rates' common base
    if target == "USD":
        wanted = pd.Series(1.0, index=keys.index)
    else:
        goal = per_usd.loc[per_usd["currency"] == target, ["year", "lcu_per_usd"]]
        wanted = keys[["year"]].merge(goal, on="year", how="left")["lcu_per_usd"]
    rate = (wanted / local).mask(keys["currency"] == target, 1.0)
    note = pd.Series("", index=keys.index, dtype="str")
    if rate.isna().any():  # say which rate is missing: "HKD", "CNY" or "HKD, CNY"
        no_local = keys["currency"].where(local.isna(), "")
        no_target = pd.Series(target, index=keys.index).where(wanted.isna(), "")
        names = (no_local + ", " + no_target).str.strip(", ")
        note = (
            f"no {basis} exchange rate for " + names + " in " + keys["year"].astype(str)
        )
        note = note.where(rate.isna(), "")
    return pd.DataFrame({"rate": rate, "conversion_note": note}).set_axis(
        currencies.index
    )


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
    found = rates_for(out[currency], out[year], rates, target=target, basis=basis)
    out[f"value_{target}"] = out[value] * found["rate"]
    out["rate"] = found["rate"]
    out["conversion_note"] = found["conversion_note"].mask(
        out[value].isna() & found["rate"].notna(), "value missing in the source"
    )
    return out
