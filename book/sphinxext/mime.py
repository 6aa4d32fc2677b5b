"""The myst-nb mime render plugin: a Vega-Lite 6 output becomes an offline chart.

Registered as the ``myst_nb.mime_renderers`` entry point ``gba-vegalite`` (in
``pyproject.toml``, as ``book.sphinxext:VegaLiteMimeRenderer``); the HTML is
:func:`book.embed.chart_html`.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes

from book.embed import chart_html
from book.render import MIME_TYPE


class VegaLiteMimeRenderer:
    """myst-nb mime render plugin: a Vega-Lite 6 output becomes an offline chart."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, MIME_TYPE, 1)
        for builder in ("html", "dirhtml", "singlehtml", "readthedocs")
    ]

    @staticmethod
    def handle_mime(
        renderer: Any, data: Any, inline: bool
    ) -> list[nodes.Element] | None:
        """Render ``application/vnd.vegalite.v6+json``; decline everything else."""
        if data.mime_type != MIME_TYPE:
            return None
        spec = data.content
        # The same spec in one key order whether the chapter just ran or came from
        # the execution cache (which stores notebooks with sorted keys): the data
        # table's columns must not depend on which.
        text = spec if isinstance(spec, str) else json.dumps(spec)
        spec = json.loads(json.dumps(json.loads(text), sort_keys=True))
        return [nodes.raw("", chart_html(spec), format="html")]
