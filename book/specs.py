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


def _comparable(
    shown: dict[str, Any], built: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both specs with their data sets compared on the columns the shown one has.

    A builder may carry helper columns a chart never encodes (a ``missing`` flag, say),
    and Altair names each data set by a hash of all its columns. So the data sets are
    paired in the order they appear, each built one is cut to the shown one's
    columns, and both get neutral names ``data-0``, ``data-1`` ...
    """
    names_shown, names_built = _data_names(shown), _data_names(built)
    renamed = {}
    for index, (a, b) in enumerate(zip(names_shown, names_built, strict=False)):
        renamed[a], renamed[b] = f"data-{index}", f"data-{index}"
    sets_shown = shown.pop("datasets", {})
    sets_built = built.pop("datasets", {})
    shown["datasets"], built["datasets"] = {}, {}
    for a, b in zip(names_shown, names_built, strict=False):
        rows_a, rows_b = sets_shown.get(a, []), sets_built.get(b, [])
        columns = set().union(*(row.keys() for row in rows_a)) if rows_a else set()
        shown["datasets"][renamed[a]] = rows_a
        built["datasets"][renamed[b]] = [
            {k: v for k, v in row.items() if k in columns} for row in rows_b
        ]
    return _rename(shown, renamed), _rename(built, renamed)


def _data_names(spec: Any) -> list[str]:
    """Names of the data sets a spec refers to, in order of first appearance."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            name = data.get("name") if isinstance(data, dict) else None
            if isinstance(name, str) and name not in found:
                found.append(name)
            for key, value in node.items():
                if key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _rename(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                names.get(v, v)
                if k == "name" and isinstance(v, str)
                else _rename(v, names)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rename(v, names) for v in node]
    return node


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
    # not validated here: the chart shown is validated when it is displayed, and
    # validating both specs again took a fifth of a second per comparison
    found = list(
        differences(
            *_comparable(shown.to_dict(validate=False), built.to_dict(validate=False))
        )
    )
    if found:
        listed = "\n  ".join(found[:most])
        more = f"\n  ... and {len(found) - most} more" if len(found) > most else ""
        raise AssertionError(
            "the chart the chapter shows is not the one the builder makes:\n  "
            f"{listed}{more}"
        )
