"""Pure chart builders: a DataFrame and keyword options in, an Altair chart out.

Every builder

* leaves its input frame untouched (it works on a copy) and never displays or saves;
* gives the chart a title that states the unit, a subtitle with the source line and a
  Vega-Lite ``description`` that screen readers announce (:func:`titled`);
* shows missing values as labelled gaps ("no data", or the reason), never as zero
  (:func:`gap_labels`).

Each builder reads the same way: prepare the frame, draw the core layers, add the
gap labels, frame the chart with :func:`titled`. A chapter can do the same in plain
Altair and reuse the building blocks (:func:`titled`, :func:`gap_labels`,
:func:`bar_layers`, :func:`jurisdiction_color`).

=================  =========================================================
module             what
=================  =========================================================
``frame``          :func:`titled`, jurisdiction colours and legend words
``gaps``           :func:`gap_labels`, :func:`gap_note`, the valid/missing filters
``bars``           :func:`bar_layers`, :func:`category_y`, :func:`city_bars`,
                   :func:`category_bars`, :func:`qualifier_color`,
                   :func:`fact_bars`, :func:`share_check`
``maps``           :func:`city_map`, :func:`place_map`, :func:`land`,
                   :func:`mercator_fit`, :func:`projected_scale`
``maplabels``      :func:`label_positions` (names that do not overlap)
``grids``          :func:`matrix`, :func:`panels`
``ranks``          :func:`rank_history`, :func:`bump_chart`
``timeline``       :func:`timeline`
=================  =========================================================

Importing this package changes no global setting: ``book.setup()`` switches on the
book's theme (:mod:`book.theme`) and renderer (:mod:`book.render`).
"""

from __future__ import annotations

from book.charts.bars import (
    QUALIFIER_COLORS,
    QUALIFIER_WORDS,
    bar_layers,
    category_bars,
    category_y,
    city_bars,
    fact_bars,
    fixed_color,
    qualifier_color,
    share_check,
)
from book.charts.frame import (
    JURISDICTION_LABELS,
    SUBTITLE_WIDTH,
    TITLE_WIDTH,
    ChartText,
    city_color,
    human,
    jurisdiction_color,
    titled,
    with_jurisdiction_labels,
)
from book.charts.gaps import (
    GAP_IN_PLACE,
    GAP_STYLE,
    gap_labels,
    gap_note,
    gap_text,
    is_missing,
    is_valid,
)
from book.charts.grids import matrix, panels
from book.charts.maplabels import circle_radius, label_positions
from book.charts.maps import (
    BORDER,
    LABEL_PLACE,
    LAND,
    MAP_LEGEND,
    city_map,
    graticule,
    land,
    mercator_fit,
    place_map,
    place_map_labels,
    projected_scale,
)
from book.charts.ranks import METHODS, bump_chart, rank_history
from book.charts.timeline import timeline
from book.theme import (
    ACCENT,
    CITY_COLORS,
    CONTEXT,
    FIRM,
    JURISDICTION_COLORS,
    LOOSE,
    MISSING,
    MUTED,
    NONE,
    OUTSIDE,
    PALETTE,
    QUIET,
    REFERENCE,
    SOFT,
    city_scale,
)

BUILDERS = (
    "bump_chart",
    "category_bars",
    "city_bars",
    "city_map",
    "fact_bars",
    "matrix",
    "panels",
    "place_map",
    "rank_history",
    "share_check",
    "timeline",
)
"""The chart builders: a frame and options in, a finished chart (title, source) out."""

__all__ = [
    "ACCENT",
    "BORDER",
    "BUILDERS",
    "CITY_COLORS",
    "CONTEXT",
    "FIRM",
    "GAP_IN_PLACE",
    "GAP_STYLE",
    "JURISDICTION_COLORS",
    "JURISDICTION_LABELS",
    "LABEL_PLACE",
    "LAND",
    "LOOSE",
    "MAP_LEGEND",
    "METHODS",
    "MISSING",
    "MUTED",
    "NONE",
    "OUTSIDE",
    "PALETTE",
    "QUALIFIER_COLORS",
    "QUALIFIER_WORDS",
    "QUIET",
    "REFERENCE",
    "SOFT",
    "SUBTITLE_WIDTH",
    "TITLE_WIDTH",
    "ChartText",
    "bar_layers",
    "bump_chart",
    "category_bars",
    "category_y",
    "circle_radius",
    "city_bars",
    "city_color",
    "city_map",
    "city_scale",
    "fact_bars",
    "fixed_color",
    "gap_labels",
    "gap_note",
    "gap_text",
    "graticule",
    "human",
    "is_missing",
    "is_valid",
    "jurisdiction_color",
    "label_positions",
    "land",
    "matrix",
    "mercator_fit",
    "panels",
    "place_map",
    "place_map_labels",
    "projected_scale",
    "qualifier_color",
    "rank_history",
    "share_check",
    "timeline",
    "titled",
    "with_jurisdiction_labels",
]
