"""The site's own static files: the vendored Vega, the book's CSS/JS and templates.

The pinned Vega libraries are fetched once from the npm registry
(:mod:`book.vendor`) into a local cache and served from ``_static/gba-vendor/``, so
no page needs another host. The book's stylesheet, script and icon come from
``book/static/gba/``; ``book/templates/`` overrides the theme's templates that
have accessibility problems.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

BOOK_DIR = Path(__file__).resolve().parent.parent  # the ``book`` package
STATIC_DIR = BOOK_DIR / "static"
TEMPLATES_DIR = BOOK_DIR / "templates"


def add_static_files(app: Sphinx, config: Config) -> None:
    """Fetch the vendored Vega if needed; add the static paths, icon and templates."""
    from book.vendor import cache_dir, ensure_vendor

    try:
        ensure_vendor(verbose=True)
    except RuntimeError as exc:
        raise ExtensionError(str(exc)) from exc
    config.html_static_path.extend([str(cache_dir().parent), str(STATIC_DIR)])
    if not config.html_favicon:  # the book's icon travels with the package
        config.html_favicon = str(STATIC_DIR / "gba" / "favicon.svg")
    # template overrides that fix accessibility problems of the theme
    config.templates_path.insert(0, str(TEMPLATES_DIR))
