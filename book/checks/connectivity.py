"""Exercises of the chapter "Hard connectivity: bridges, rails and borders"."""

from __future__ import annotations

import calendar
import math
from datetime import date

import numpy as np
import pandas as pd

from book.data import BookData
from book.exercises import Mistake, NumberExercise

EARTH_RADIUS_KM = 6371.0
"""Mean Earth radius used for great-circle distances (the chapter uses the same)."""
KM_PER_DEGREE = 111.2
"""Kilometres per degree of latitude: the flat approximation students may use."""


def _point(data: BookData, city: str) -> tuple[float, float]:
    row = data.cities.set_index("city_id").loc[city]
    return float(row["lat"]), float(row["lon"])


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _distance(data: BookData, a: str, b: str) -> float:
    return _haversine(*_point(data, a), *_point(data, b))


def _distance_no_radians(data: BookData, a: str, b: str) -> float:
    """The slip of feeding degrees to sin and cos."""
    lat1, lon1 = _point(data, a)
    lat2, lon2 = _point(data, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _distance_flat(data: BookData, a: str, b: str) -> float:
    """Pythagoras on degrees, ignoring that a degree of longitude is shorter."""
    lat1, lon1 = _point(data, a)
    lat2, lon2 = _point(data, b)
    return KM_PER_DEGREE * math.hypot(lat2 - lat1, lon2 - lon1)


def _days_open(data: BookData, fact_id: str, event_id: str) -> int:
    """Days from an opening event to the last day of a fact's as_of month."""
    opened = data.events.set_index("event_id").loc[event_id, "date"]
    as_of = data.fact(fact_id).as_of
    end = pd.Period(as_of, freq="M").end_time.normalize()
    return (end - pd.Timestamp(opened)).days


def _trips_per_day(data: BookData) -> float:
    fact_id = "hzmb-zhuhai-port-passengers"
    return data.fact(fact_id).value / _days_open(data, fact_id, "hzmb-opens")


def _trips_per_year(data: BookData) -> float:
    fact_id = "hzmb-zhuhai-port-passengers"
    return data.fact(fact_id).value / (_days_open(data, fact_id, "hzmb-opens") / 365)


def _route(data: BookData, route_id: str) -> pd.Series:
    return data.travel_times.set_index("route_id").loc[route_id]


def _saved(data: BookData, route_id: str) -> float:
    row = _route(data, route_id)
    return float(row["minutes_before"] - row["minutes"])


# ------------------------------------------------ solutions, as a student writes them


def _trips(d: BookData, *, per_year: bool = False, unit: float = 1) -> float:
    """The bridge's trips per day (or year), counting the days by calendar.

    ``unit`` scales the figure, for the slip of reading it as 万 (10,000) trips.
    """
    passengers = d.fact("hzmb-zhuhai-port-passengers")
    opened = date.fromisoformat(
        d.events.set_index("event_id").loc["hzmb-opens", "date"]
    )
    year, month = (int(part) for part in passengers.as_of.split("-")[:2])
    counted_to = date(year, month, calendar.monthrange(year, month)[1])
    days = (counted_to - opened).days
    return passengers.value * unit / (days / 365 if per_year else days)


def _gz_hk_km(d: BookData, *, radians: bool = True, flat: bool = False) -> float:
    """The haversine with numpy (or a flat-earth slip) from Guangzhou to Hong Kong."""
    points = d.cities.set_index("city_id").loc[["guangzhou", "hong-kong"]]
    lat, lon = points["lat"].to_numpy(), points["lon"].to_numpy()
    if flat:
        return float(KM_PER_DEGREE * np.hypot(np.diff(lat), np.diff(lon))[0])
    if radians:
        lat, lon = np.radians(lat), np.radians(lon)
    h = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[0]) * np.cos(lat[1]) * np.sin(np.diff(lon) / 2) ** 2
    )
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))[0])


def _time_saved(d: BookData, route: str = "sz-zs-road", *, how: str = "saved") -> float:
    """Minutes saved on a route (``how``: "saved", or the slips "reversed", "ratio")."""
    row = d.travel_times.set_index("route_id").loc[route]
    before, after = float(row["minutes_before"]), float(row["minutes"])
    if how == "ratio":
        return before / after
    return before - after if how == "saved" else after - before


EXERCISES = [
    NumberExercise(
        "links-hzmb-trips-per-day",
        expected=_trips_per_day,
        unit="passenger trips per day",
        decimals=0,
        rtol=0.015,
        slips=(
            (
                _trips_per_year,
                "that is a number per year: divide by the number of days, not years",
            ),
            (
                lambda d: d.fact("hzmb-zhuhai-port-passengers").value / 365,
                "that divides the whole cumulative total by one year's days: the "
                "total was counted over all the years since the bridge opened",
            ),
        ),
        scale_hints={
            1 / 10_000: "your answer is 10,000 times too large: the fact's value is "
            "already in person-trips, not in units of 10,000 (万)",
            10_000: "your answer is 10,000 times too small: the fact's value is "
            "in person-trips, not in units of 10,000 (万)",
            1 / 100: "your answer is 100 times too large: did you multiply by 100?",
        },
        solution=_trips,
        mistakes=(
            Mistake(lambda d: _trips(d, per_year=True), "a number per year"),
            Mistake(
                lambda d: d.fact("hzmb-zhuhai-port-passengers").value / 365,
                "one year's days",
            ),
            Mistake(lambda d: _trips(d, unit=10_000), "10,000 times too large"),
            Mistake(lambda d: _trips(d, unit=1 / 10_000), "10,000 times too small"),
            Mistake(lambda d: _trips(d, unit=100), "100 times too large"),
        ),
    ),
    NumberExercise(
        "links-distance-gz-hk",
        expected=lambda d: _distance(d, "guangzhou", "hong-kong"),
        unit="km, straight line between the two reference points",
        decimals=1,
        slips=(
            (
                lambda d: _distance_no_radians(d, "guangzhou", "hong-kong"),
                "it looks as if degrees went into sin and cos: convert latitude and "
                "longitude to radians first (math.radians or numpy.radians)",
            ),
            (
                lambda d: _distance_flat(d, "guangzhou", "hong-kong"),
                "that is Pythagoras on degrees: a degree of longitude is shorter "
                "than a degree of latitude away from the equator; use the haversine",
            ),
        ),
        scale_hints={
            1 / 1000: "your answer is 1,000 times too large: give kilometres, "
            "not metres",
            1.609344: "that looks like miles: give kilometres",
        },
        solution=_gz_hk_km,
        mistakes=(
            Mistake(lambda d: _gz_hk_km(d, radians=False), "degrees went into sin"),
            Mistake(lambda d: _gz_hk_km(d, flat=True), "Pythagoras on degrees"),
            Mistake(lambda d: _gz_hk_km(d) * 1000, "not metres"),
            Mistake(lambda d: _gz_hk_km(d) / 1.609344, "looks like miles"),
        ),
    ),
    NumberExercise(
        "links-szzs-time-saved",
        expected=lambda d: _saved(d, "sz-zs-road"),
        unit="minutes saved",
        decimals=0,
        atol=0.5,
        slips=(
            (
                lambda d: _saved(d, "hk-zh-road"),
                "that is the time saved by the Hong Kong-Zhuhai-Macao Bridge: "
                "select the Shenzhen-Zhongshan route",
            ),
            (
                lambda d: -_saved(d, "sz-zs-road"),
                "the sign is reversed: subtract the time after from the time before",
            ),
            (
                lambda d: (
                    _route(d, "sz-zs-road")["minutes_before"]
                    / _route(d, "sz-zs-road")["minutes"]
                ),
                "that is a ratio (how many times faster); the exercise asks for "
                "the minutes saved",
            ),
        ),
        scale_hints={
            60: "that looks like hours: give the answer in minutes",
        },
        solution=_time_saved,
        mistakes=(
            Mistake(
                lambda d: _time_saved(d, "hk-zh-road"), "Hong Kong-Zhuhai-Macao Bridge"
            ),
            Mistake(lambda d: _time_saved(d, how="reversed"), "sign is reversed"),
            Mistake(lambda d: _time_saved(d, how="ratio"), "a ratio"),
            Mistake(lambda d: _time_saved(d) / 60, "like hours"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
