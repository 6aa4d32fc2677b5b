"""Compare two charts by their Vega-Lite specs: :func:`assert_same_chart`.

Each chapter builds its first chart of a kind with Altair code the reader sees; the
rest of the book draws charts of that kind with a shared builder (:mod:`book.charts`).
A hidden cell after the visible code asserts that both make the same chart, so the
code a student learns from is the code the book runs, and the build stops the day
they drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import altair as alt

__all__ = ["assert_same_chart", "differences"]


def differences(a: Any, b: Any, path: str = "$") -> Iterator[str]:
    """Yield one line per place where two JSON-like values differ (JSON path)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            where = f"{path}.{key}"
            if key not in a:
                yield f"{where}: only in the builder's chart"
            elif key not in b:
                yield f"{where}: only in the shown chart"
            else:
                yield from differences(a[key], b[key], where)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from differences(x, y, f"{path}[{index}]")
    elif a != b:
        yield f"{path}: shown {_short(a)}, builder {_short(b)}"


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def assert_same_chart(
    shown: alt.TopLevelMixin, built: alt.TopLevelMixin, *, most: int = 12
) -> None:
    """Raise ``AssertionError`` unless two charts have the same Vega-Lite spec.

    Parameters
    ----------
    shown : altair chart
        The chart built by the code a chapter shows.
    built : altair chart
        The same chart made by the shared builder.
    most : int
        How many differences the message lists at most.

    """
    found = list(differences(shown.to_dict(), built.to_dict()))
    if found:
        listed = "\n  ".join(found[:most])
        more = f"\n  ... and {len(found) - most} more" if len(found) > most else ""
        raise AssertionError(
            "the chart the chapter shows is not the one the builder makes:\n  "
            f"{listed}{more}"
        )
