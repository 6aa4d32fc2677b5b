"""Set up a kernel to show the book's charts and tables: :func:`setup`.

Importing ``book`` changes nothing outside the package. A chapter (or a test, or your
own notebook) calls ``book.setup()`` once, in its first cell, to make three choices
for the running Python session:

* Altair uses the book's theme (:mod:`book.theme`: fonts, colours, sizes);
* Altair shows charts with the book's renderer (:mod:`book.render`): offline, drawn by
  the Vega that JupyterLab ships, saved in the notebook;
* pandas tables escape text from data and get ids from their content
  (:mod:`book.tables`), so a city name holding ``<script>`` shows as text and two
  builds give the same page.

Calling it again changes nothing. :func:`is_set_up` says whether it has run.
"""

from __future__ import annotations

import altair as alt

__all__ = ["is_set_up", "setup"]


def setup() -> None:
    """Use the book's chart theme, chart renderer and table style (idempotent)."""
    from book import render, tables, theme

    if theme.NAME not in alt.theme.names():
        alt.theme.register(theme.NAME, enable=False)(theme.theme)
    alt.theme.enable(theme.NAME)
    if render.NAME not in alt.renderers.names():
        alt.renderers.register(render.NAME, render.bundle)
    alt.renderers.enable(render.NAME)
    tables.install()


def is_set_up() -> bool:
    """Whether :func:`setup` has run in this session (theme, renderer and tables)."""
    from book import render, tables, theme

    return (
        alt.theme.active == theme.NAME
        and alt.renderers.active == render.NAME
        and tables.installed()
    )
