"""The Altair renderer the book uses in every kernel.

Where a chart is read decides what it needs:

* **The book build** (``GBA_BOOK_BUILD`` set, :mod:`book.sphinxext`):
  ``application/vnd.vegalite.v6+json``, the spec itself, which the book's myst-nb
  plugin turns into an offline chart drawn by the Vega libraries the site serves.
* **Jupyter and Binder**: ``application/vnd.vega.v5+json``, the chart compiled to
  Vega by vl-convert (Altair's own offline compiler) in the kernel. JupyterLab and
  Notebook 7 draw it with the Vega they ship, so nothing is loaded from another host,
  the chart is saved in the notebook, and it shows again when the notebook is
  reopened without a kernel. (JupyterLab 4 has no Vega-Lite 6 renderer, and Altair's
  own ``html`` renderer loads Vega from a CDN; its ``jupyter`` renderer needs a live
  widget, so saved notebooks lose their charts.) JupyterLab 4.6 ships Vega 5.33; the
  book's specs compile to Vega that it draws the same as Vega 6 (checked chart by
  chart when this was chosen).
* **Anywhere**: ``text/plain``, the chart's description, for terminals and screen
  readers.

Without vl-convert (an environment not made from the book's requirements) the chart
falls back to Altair's HTML output, which needs the network; a note says so once.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

__all__ = ["BUILD_ENV", "MIME_TYPE", "NAME", "VEGA_MIME_TYPE", "bundle"]

NAME = "gba"
MIME_TYPE = "application/vnd.vegalite.v6+json"
VEGA_MIME_TYPE = "application/vnd.vega.v5+json"
BUILD_ENV = "GBA_BOOK_BUILD"


def bundle(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """Return the mimebundle for one chart spec (a Vega-Lite dict)."""
    description = spec.get("description") or "Altair chart"
    if os.environ.get(BUILD_ENV):
        return {MIME_TYPE: spec, "text/plain": description}
    from book.embed import compile_to_vega

    vega = compile_to_vega(spec)
    if vega is not None:
        return {VEGA_MIME_TYPE: vega, "text/plain": description}
    warnings.warn(
        "vl-convert-python is not installed, so charts load Vega from the internet; "
        "install the book's requirements to draw them offline",
        stacklevel=2,
    )
    from altair.vegalite.v6.display import html_renderer

    html = html_renderer(spec, **metadata)
    return {MIME_TYPE: spec, "text/html": html["text/html"], "text/plain": description}
