"""Copy myst-nb's and sphinx-exercise's stylesheets before any page is written.

Both extensions copy their CSS at the end of the build. Sphinx appends a
``?v=<checksum>`` to a stylesheet link only when the file is already in ``_static``
while the page is written, so a cold build linked them without it and a warm build
with it. Copying them first makes every build link them alike (deterministic HTML).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def copy_early_assets(app: Sphinx, env: BuildEnvironment) -> None:
    """Put the two extensions' stylesheets in ``_static`` now (env-updated)."""
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources
    from sphinx_exercise import copy_asset_files

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    copy_asset_files(app, None)
