"""Source lines ("Source: ...") for charts and tables, from ``sources.csv``.

:meth:`book.data.BookData.source_line` is the usual way in; this module holds the
wording, so that a credit reads the same under every chart.

This module imports nothing from the rest of ``book``.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["source_line"]

SHORT_PUBLISHERS = {
    "Guangdong Provincial Bureau of Statistics; Census and Statistics Department, "
    "HKSAR; Statistics and Census Service (DSEC), Macao SAR": (
        "Guangdong Statistics Bureau, HK C&SD, Macao DSEC"
    ),
}
"""Publisher strings too long for a one-line credit, and what to write instead."""


def source_line(
    sources: pd.DataFrame, source_ids: list[str] | str, *, derived: bool = False
) -> str:
    """A short "Source: ..." line naming each publisher once, in order.

    Parameters
    ----------
    sources : pandas.DataFrame
        The rows of ``sources.csv`` (``source_id``, ``publisher``).
    source_ids : list of str or str
        Source ids (a string may hold several, separated by spaces).
    derived : bool
        Add "author's calculation" when the figure is computed from the sources.

    Raises
    ------
    KeyError
        If a source id is not in ``sources``.

    """
    ids = source_ids.split() if isinstance(source_ids, str) else list(source_ids)
    known = sources.set_index("source_id")
    missing = [i for i in ids if i not in known.index]
    if missing:
        raise KeyError(f"unknown source id(s): {missing}")
    publishers: list[str] = []
    for source_id in ids:
        name = _short_publisher(known.loc[source_id, "publisher"])
        if name not in publishers:
            publishers.append(name)
    line = "Source: " + "; ".join(publishers)
    return line + ("; author's calculation" if derived else "")


def _short_publisher(publisher: str) -> str:
    """Shorten long publisher strings for a one-line chart credit."""
    if publisher in SHORT_PUBLISHERS:
        return SHORT_PUBLISHERS[publisher]
    if publisher.startswith("Chinese newspaper"):
        return "the source article (2025/26 survey report)"
    return publisher.split(" (")[0]
