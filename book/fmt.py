"""Figures as words: the one place that decides how numbers read in the prose.

Chapters glue the strings these functions return (``glue("x", fmt.fact_text(f))``),
so a qualifier in the source ("超" = more than, "近" = nearly) always reaches the
reader, and a changed number in ``data/`` changes the sentence.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from book.data import QUALIFIER_WORDS, Fact

__all__ = [
    "amount",
    "fact_text",
    "fraction_words",
    "number",
    "ordinal",
    "percent",
    "plain",
    "yuan",
]

_DENOMINATORS = {
    2: "half",
    3: "third",
    4: "quarter",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
}
_NUMERATORS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def plain(value: float) -> str:
    """Thousands separators and exactly the decimals it has: 22.9, 3.67."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def number(value: float, decimals: int = 0) -> str:
    """Thousands separators and a fixed number of decimals: ``1,798.95``."""
    return f"{value:,.{decimals}f}"


def percent(value: float, decimals: int = 1) -> str:
    """A percentage already in percent units: ``percent(11.04) == '11.0%'``."""
    return f"{value:.{decimals}f}%"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th`` ..."""
    n = int(n)
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def fraction_words(value: float, max_denominator: int = 12) -> str:
    """A simple fraction in words: ``fraction_words(1/9) == 'one-ninth'``.

    Raises
    ------
    ValueError
        If the value is not close to a fraction with a small denominator.

    """
    frac = Fraction(value).limit_denominator(max_denominator)
    if abs(float(frac) - value) > 1e-6 or frac.denominator not in _DENOMINATORS:
        raise ValueError(f"{value} is not a simple fraction")
    if frac.numerator not in _NUMERATORS:
        raise ValueError(f"{value}: numerator too large to spell out")
    word = _DENOMINATORS[frac.denominator]
    if frac.numerator > 1:
        word += "s"
    return f"{_NUMERATORS[frac.numerator]}-{word}"


def amount(value: float) -> str:
    """A large count in words: 100000000 -> '100 million', 15000 -> '15,000'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:,.1f}".removesuffix(".0")
            return f"{text} {word}"
    return plain(value)


def yuan(hundred_millions: float, currency: str = "CNY") -> str:
    """Money given in units of 100 million: 12000 -> '1.2 trillion yuan'."""
    names = {"CNY": ("", " yuan"), "HKD": ("HK$", ""), "MOP": ("MOP ", "")}
    prefix, suffix = names[currency]
    return f"{prefix}{amount(hundred_millions * 1e8)}{suffix}"


def fact_text(fact: Fact | Any, *, with_unit: bool = True) -> str:
    """A sourced figure as it should read in English, qualifier included.

    Works for an article :class:`~book.data.Fact` and for any row with ``value``,
    ``unit``, ``qualifier`` (and optionally ``value_max``), such as a row of
    ``place_facts``. Examples: "more than 100,000 hours", "nearly 70 firms",
    "one-ninth", "more than 1.2 trillion yuan", "up to HK$100 million",
    "2 to 3 months".
    """
    words = QUALIFIER_WORDS[fact.qualifier]
    unit = fact.unit
    value_max = getattr(fact, "value_max", None)
    if value_max is not None and value_max != value_max:  # NaN from a frame
        value_max = None
    if unit == "fraction":
        core = fraction_words(fact.value)
    elif unit == "%":
        core = f"{plain(fact.value)}%"
    elif unit == "100 million CNY":
        core = yuan(fact.value, "CNY")
    elif unit == "100 million HKD":
        core = yuan(fact.value, "HKD")
    elif unit == "rank":
        core = ordinal(int(fact.value))
    else:
        core = amount(fact.value)
        if fact.qualifier == "range" and value_max is not None:
            core = f"{core} to {amount(value_max)}"
        if with_unit:
            core = f"{core} {unit}"
    return f"{words} {core}".strip()
