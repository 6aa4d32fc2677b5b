"""Turn a Vega-Lite spec into the static HTML of one chart in the built book.

The HTML carries the spec as inert JSON, a container that ``gba-charts.js`` fills
with vega-embed (from the site's own ``_static``), a hidden caption with the chart's
description, and a collapsed table of the chart's data as a text alternative. Every
string that comes from data is escaped.

When vl-convert is installed (the author environment), the Vega-Lite spec is compiled
to Vega at build time: pages then skip loading vega-lite.js and compiling in the
browser, which draws charts sooner. Without it the page compiles in the browser.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["chart_html", "data_table"]

MAX_TABLE_ROWS = 300
_CHANNELS = (
    "y", "x", "longitude", "latitude", "color", "size", "shape", "text",
    "theta", "row", "column", "facet", "tooltip",
)  # fmt: skip


# marks that draw the data; text and rules annotate it (labels, reference lines)
DATA_MARKS = frozenset(
    {"area", "arc", "bar", "circle", "geoshape", "line", "point", "rect", "square",
     "tick", "trail"}
)  # fmt: skip


def _views(
    spec: dict[str, Any], inherited: str | None = None
) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every view of the spec (layers, panels) with the name of the data it draws.

    A view draws its own ``data``, else its parent's; the name is ``""`` for inline
    values and ``None`` for generated data (a graticule, a sphere).
    """
    data = spec.get("data")
    name = inherited
    if isinstance(data, dict) and data:
        name = data.get("name") if "name" in data else None
        name = "" if "values" in data else name
    yield spec, name
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            yield from _views(part, name)
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        yield from _views(spec["spec"], name)


def _mark(view: dict[str, Any]) -> str:
    mark = view.get("mark")
    return str(mark.get("type") if isinstance(mark, dict) else mark or "")


def _encoded(view: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """(field, title) of every field the view encodes, in channel order."""
    encoding = view.get("encoding", {})
    for channel in _CHANNELS:
        defs = encoding.get(channel)
        for item in defs if isinstance(defs, list) else [defs]:
            if isinstance(item, dict) and isinstance(item.get("field"), str):
                title = item.get("title")
                yield item["field"], title if isinstance(title, str) else None


def _main_dataset(spec: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """(name, rows) of the chart's main dataset; the name is "" for inline values.

    The main dataset is the one the marks that carry the data draw (bars, lines,
    points, cells), not an annotation layer (labels, reference lines) with its own
    small table: of the datasets, the one whose data marks encode the most of its
    fields, then whose marks of any kind do, then the longest.
    """
    datasets: dict[str, list[dict[str, Any]]] = dict(spec.get("datasets", {}))
    scores: dict[str, tuple[int, int, int]] = {}
    for view, name in _views(spec):
        if name == "" and "values" in view.get("data", {}):
            datasets[name] = view["data"]["values"]
        if name not in datasets or _mark(view) in ("", "geoshape"):
            continue  # a map's land is its background, not its data
        present = set(datasets[name][0]) if datasets[name] else set()
        fields = {field for field, _ in _encoded(view)} & present
        drawn, any_mark, rows = scores.get(name, (0, 0, len(datasets[name])))
        if _mark(view) in DATA_MARKS:
            drawn += len(fields)
        scores[name] = (drawn, any_mark + len(fields), rows)
    if scores:
        best = max(scores, key=lambda name: scores[name])
        return best, datasets[best]
    return next(iter(datasets.items()), ("", []))


def _main_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return _main_dataset(spec)[1]


def compile_to_vega(spec: dict[str, Any]) -> dict[str, Any] | None:
    """Compile a Vega-Lite spec to Vega with vl-convert; ``None`` if unavailable.

    The Vega-Lite version is read from the spec's ``$schema`` so that the compiler
    matches the library the page would otherwise load.
    """
    try:
        import vl_convert
    except ImportError:
        return None
    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    version = f"{match.group(1)}.{match.group(2)}" if match else None
    try:
        return vl_convert.vegalite_to_vega(spec, vl_version=version)
    except ValueError:  # a version vl-convert does not ship: compile in the browser
        return None


def _fields(spec: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(field, title) pairs in encoding order, restricted to fields in the rows.

    Only the views that draw the main dataset count, so a label layer's fields
    (its position in pixels, its text) do not become columns of the table.
    """
    present = list(rows[0]) if rows else []  # keys sorted by the build (sphinxext)
    main = _main_dataset(spec)[0]
    seen: dict[str, str] = {}
    for view, name in _views(spec):
        if name != main:
            continue
        for field, title in _encoded(view):
            if field in present and (field not in seen or (title and not seen[field])):
                seen[field] = title or ""
    if not seen:
        seen = {k: "" for k in present if not k.startswith("_")}
    return [(field, title or _human(field)) for field, title in seen.items()]


_WORDS = {"lat": "Latitude", "lon": "Longitude", "pct": "%", "km2": "km²"}


def _human(field: str) -> str:
    """A column heading for a field the chart gives no title.

    ``jurisdiction_label`` becomes "Jurisdiction", ``lat`` "Latitude".
    """
    words = [w for w in re.split(r"[_\s]+", field) if w and w != "label"] or [field]
    words = [_WORDS.get(w, w) for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        if value.is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"
    return str(value)


def _given_table(spec: dict[str, Any], caption: str) -> str | None:
    """The table a chart gives as its text alternative, as HTML (None if none).

    ``usermeta["table"]`` holds ``columns`` and ``rows`` of text.
    """
    given = (spec.get("usermeta") or {}).get("table")
    if not given:
        return None
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in given["columns"])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in given["rows"]
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="gba-chart-data table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def data_table(spec: dict[str, Any], caption: str = "") -> str:
    """Return an HTML table of the chart's main dataset (escaped).

    A chart that gives its own table (``usermeta["table"]``, e.g. the comparison's
    current view) gets that one instead.
    """
    given = _given_table(spec, caption)
    if given is not None:
        return given
    rows = _main_rows(spec)
    if not rows:
        return "<p>This chart has no tabular data.</p>"
    fields = _fields(spec, rows)
    head = "".join(f'<th scope="col">{html.escape(title)}</th>' for _, title in fields)
    body = []
    for row in rows[:MAX_TABLE_ROWS]:
        cells = "".join(
            f"<td>{html.escape(_cell(row.get(field)))}</td>" for field, _ in fields
        )
        body.append(f"<tr>{cells}</tr>")
    more = ""
    if len(rows) > MAX_TABLE_ROWS:
        more = f"<p>First {MAX_TABLE_ROWS} of {len(rows)} rows.</p>"
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="gba-chart-data table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{more}"
    )


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def _paragraphs(css: str, texts: list[str]) -> str:
    return "".join(
        f'<p class="{css}">{html.escape(text)}</p>' for text in texts if text
    )


def _frame(spec: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """Split the words off a chart made by ``charts.titled``.

    Returns the spec without its title, the HTML above the chart (headline and
    subtitle) and the HTML under it (notes and source): text that wraps to the
    card on any screen, where a title drawn in the SVG would widen the chart.
    Specs without the book's ``usermeta`` keep their title in the drawing.
    """
    meta = spec.get("usermeta") or {}
    if "subtitle" not in meta or not spec.get("title"):
        return spec, "", ""
    drawn = {key: value for key, value in spec.items() if key != "title"}
    head = _paragraphs("gba-chart-headline", [_title_text(spec)])
    head += _paragraphs("gba-chart-subtitle", [meta["subtitle"]])
    foot = _paragraphs("gba-chart-note", list(meta.get("notes", [])))
    foot += _paragraphs("gba-chart-source", [meta.get("source", "")])
    return (
        drawn,
        f'<div class="gba-chart-head">{head}</div>',
        f'<div class="gba-chart-foot">{foot}</div>' if foot else "",
    )


def chart_html(spec: dict[str, Any], *, compile_vega: bool = True) -> str:
    """Return the static HTML for one chart.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec, as produced by ``chart.to_dict()``.
    compile_vega : bool
        Compile the spec to Vega at build time when vl-convert is installed
        (``data-mode="vega"``); otherwise the page compiles it
        (``data-mode="vega-lite"``).

    """
    digest = hashlib.sha1(
        json.dumps(
            spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    ).hexdigest()[:12]
    drawn, head, foot = _frame(spec)
    compiled = compile_to_vega(drawn) if compile_vega else None
    mode = "vega" if compiled is not None else "vega-lite"
    payload = json.dumps(
        compiled if compiled is not None else drawn,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    dataset = html.escape(_main_dataset(spec)[0], quote=True)
    safe_json = (
        payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    title = _title_text(spec)
    description = spec.get("description", "") or title
    return (
        f'<figure class="gba-chart" data-chart="{digest}" data-mode="{mode}" '
        f'data-dataset="{dataset}">{head}'
        '<div class="gba-chart-view">'
        f'<p class="gba-chart-loading">Drawing the chart…</p></div>{foot}'
        f'<figcaption class="gba-sr-only">{html.escape(description)}</figcaption>'
        '<details class="gba-chart-details"><summary>Data table</summary>'
        f"{data_table(spec, caption=title)}</details>"
        f'<script type="application/json" class="gba-chart-spec">{safe_json}</script>'
        "</figure>"
    )
