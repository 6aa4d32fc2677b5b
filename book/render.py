"""The Altair renderer the book uses in every kernel.

It returns one mimebundle that works in both places a chart is read:

* ``application/vnd.vegalite.v6+json``, the spec itself: at build time the book's
  myst-nb plugin (:mod:`book.sphinxext`) turns it into an offline chart drawn by the
  Vega libraries the site serves itself (no CDN);
* ``text/html``, Altair's own HTML output, for live sessions in Jupyter and Binder
  (JupyterLab 4 has no Vega-Lite 6 renderer of its own);
* ``text/plain``, the chart's description, for terminals and screen readers.
"""

from __future__ import annotations

from typing import Any

import altair as alt
from altair.vegalite.v6.display import html_renderer

__all__ = ["MIME_TYPE", "NAME", "bundle"]

NAME = "gba"
MIME_TYPE = "application/vnd.vegalite.v6+json"


def bundle(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """Return the mimebundle for one chart spec (a Vega-Lite dict)."""
    html = html_renderer(spec, **metadata)
    description = spec.get("description") or "Altair chart"
    return {MIME_TYPE: spec, "text/html": html["text/html"], "text/plain": description}


alt.renderers.register(NAME, bundle)
alt.renderers.enable(NAME)
