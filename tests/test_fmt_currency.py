"""Numbers as words, and currency conversion through sourced rates."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from book import currency, data, fmt


def test_fact_text_keeps_every_qualifier() -> None:
    d = data.load()
    cases = {
        "guangming-synbio-run-hours": "more than 100,000 hours",
        "hetao-sz-park-resident-firms": "nearly 70 firms",
        "gba-economy-share": "one-ninth",
        "gba-land-area-share": "less than 0.6%",
        "hzmb-zhuhai-port-trade-value": "more than 1.2 trillion yuan",
        "hk-1plus1-scheme-max-grant": "up to HK$100 million",
        "sz-hk-auto-express-wait-months": "2 to 3 months",
        "gz-sz-pilot-transfer-income-share": "at least 50%",
        "nanshan-land-share-of-shenzhen": "about one-tenth",
        "guangdong-major-sci-facilities-national-rank": "3rd",
    }
    for fact_id, text in cases.items():
        assert fmt.fact_text(d.fact(fact_id)) == text, fact_id


def test_every_article_fact_can_be_written_out() -> None:
    d = data.load()
    for fact_id in d.facts["fact_id"]:
        text = fmt.fact_text(d.fact(fact_id))
        assert text and "nan" not in text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1 / 9, "one-ninth"),
        (0.1, "one-tenth"),
        (0.5, "one-half"),
        (2 / 3, "two-thirds"),
    ],
)
def test_fraction_words(value: float, words: str) -> None:
    assert fmt.fraction_words(value) == words


def test_fraction_words_refuses_non_fractions() -> None:
    with pytest.raises(ValueError):
        fmt.fraction_words(0.1234)


def test_number_formats() -> None:
    assert fmt.number(1798.95, 2) == "1,798.95"
    assert fmt.percent(11.04) == "11.0%"
    assert (
        fmt.ordinal(1) == "1st"
        and fmt.ordinal(12) == "12th"
        and fmt.ordinal(22) == "22nd"
    )
    assert fmt.amount(100_000_000) == "100 million" and fmt.amount(15000) == "15,000"
    assert (
        fmt.yuan(12000) == "1.2 trillion yuan"
        and fmt.yuan(1, "HKD") == "HK$100 million"
    )


def test_cross_rate_goes_through_the_dollar() -> None:
    rates = data.load().exchange_rates
    rate = currency.cross_rate(rates, 2024, "HKD", "CNY")
    # the World Bank's 2024 averages: 7.1975 yuan and 7.8038 HK dollars per US dollar
    assert rate == pytest.approx(7.1975 / 7.8038, rel=1e-4)
    assert currency.cross_rate(rates, 2024, "CNY", "CNY") == 1.0
    mop = currency.convert(100, rates, 2024, "MOP", "CNY")
    assert mop == pytest.approx(100 * 7.1975 / 8.0368, rel=1e-4)


def test_missing_rate_is_an_error_not_a_guess() -> None:
    rates = data.load().exchange_rates
    with pytest.raises(KeyError, match="no wdi-period-average exchange rate"):
        currency.cross_rate(rates, 1990, "HKD", "CNY")
    with pytest.raises(KeyError, match="HKD"):
        currency.cross_rate(rates, 2023, "HKD", "CNY", basis="central-parity-average")


def test_to_currency_converts_without_touching_the_input() -> None:
    d = data.load()
    gdp = d.series("gdp", years=(2023, 2024))
    snapshot = gdp.copy()
    out = currency.to_currency(gdp, d.exchange_rates, target="CNY")
    pd.testing.assert_frame_equal(gdp, snapshot)
    hk = out[(out["city_id"] == "hong-kong") & (out["year"] == 2024)].iloc[0]
    assert hk["value_CNY"] == pytest.approx(31750.94 * 7.1975 / 7.8038, rel=1e-4)
    sz = out[(out["city_id"] == "shenzhen") & (out["year"] == 2024)].iloc[0]
    assert sz["value_CNY"] == sz["value"] and sz["rate"] == 1.0


def test_to_currency_marks_years_without_rates() -> None:
    d = data.load()
    rows = d.series("gdp", year=2010).assign(year=1990)  # a year with no rate
    out = currency.to_currency(rows, d.exchange_rates)
    hk = out[out["city_id"] == "hong-kong"].iloc[0]
    assert math.isnan(hk["value_CNY"]) and "1990" in hk["conversion_note"]
    # CNY needs no rate at all
    assert out[out["city_id"] == "guangzhou"]["value_CNY"].notna().all()


def test_bay_gdp_2024_in_yuan_matches_the_reference_calculation() -> None:
    """The second-pass research note gives 14.83 trillion yuan for 2024 (WDI rates)."""
    d = data.load()
    out = currency.to_currency(d.series("gdp", year=2024), d.exchange_rates)
    assert out["value_CNY"].sum(skipna=False) / 10_000 == pytest.approx(14.83, abs=0.01)
