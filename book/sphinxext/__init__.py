"""Sphinx extension ``book.sphinxext``: the build glue of the book, one module a job.

======================  ==============================================================
module                  job
======================  ==============================================================
:mod:`.validate`        check ``data/`` before anything is read; stop on any violation
:mod:`.bibliography`    write the bibliography from ``data/sources.csv``
:mod:`.static`          the vendored Vega, the book's static files and templates
:mod:`.early_css`       copy two extensions' CSS first, so every build links it alike
:mod:`.lean`            pages without the icon script and font, search scripts on search
:mod:`.purge`           the theme's stylesheets without rules no page can use
:mod:`.staleness`       re-execute a chapter when what it read (data, ``book/``) changes
:mod:`.execute`         execute the notebooks to read in parallel, into the cache
:mod:`.launch`          Binder configuration, the run links under a chapter's title
:mod:`.highlight`       code highlighting without spans that look like plain text
:mod:`.visitors`        accessible HTML for myst-nb's toggles and the bibliography
:mod:`.patches`         checked rewrites of other packages' HTML (:mod:`.fixes`)
:mod:`.unused`          extensions' assets only on the pages that use them
:mod:`.chart_scripts`   load Vega only on pages with a chart
:mod:`.chinese`         mark Chinese text ``lang="zh-Hans"`` (its font, no italics)
:mod:`.search_zh`       a search index that finds Chinese words as well as English
:mod:`.code_switch`     one code switch per chapter; output tables and code lines
:mod:`.exercises`       check forms for the exercises, answers in the solutions
:mod:`.downloads`       write data, student notebooks and package at the end
:mod:`.mime`            myst-nb plugin: a Vega-Lite output becomes an offline chart
======================  ==============================================================

:func:`setup` wires them to Sphinx's events, in the order a build meets them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from book import __version__
from book.sphinxext import (
    bibliography,
    chart_scripts,
    chinese,
    code_switch,
    downloads,
    early_css,
    execute,
    exercises,
    fixes,
    highlight,
    launch,
    lean,
    patches,
    purge,
    search_zh,
    staleness,
    static,
    unused,
    validate,
    visitors,
)
from book.sphinxext.bibliography import bibtex
from book.sphinxext.launch import binder_url
from book.sphinxext.mime import VegaLiteMimeRenderer
from book.sphinxext.staleness import fingerprint

__all__ = ["PATCHES", "VegaLiteMimeRenderer", "bibtex", "binder_url", "fingerprint"]

# applied to every page in this order: the run links first, as the theme made them
PATCHES: tuple[patches.Patch, ...] = (
    *launch.PATCHES,
    *fixes.PATCHES,
    *unused.PATCHES,
)


def _builder_inited(app: Sphinx) -> None:
    staleness.refresh_execution_cache(app)
    launch.find_chapters(app)
    highlight.use_plain_formatter(app)
    visitors.register(app)  # after every extension's setup, so they win


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.add_config_value("gba_validate_data", True, "env")
    # config-inited: validate first, then everything that reads data/ or config
    app.connect("config-inited", execute.start_warm_process, priority=50)
    app.connect("config-inited", validate.validate_data, priority=100)
    app.connect("config-inited", bibliography.write_bibliography, priority=150)
    app.connect("config-inited", launch.configure_launch, priority=160)
    app.connect("config-inited", search_zh.configure_search, priority=170)
    app.connect("config-inited", static.add_static_files, priority=900)
    app.connect("config-inited", lean.configure)
    app.connect("builder-inited", _builder_inited)
    app.connect("env-get-outdated", staleness.outdated)
    app.connect("env-before-read-docs", execute.execute_notebooks)
    app.connect("source-read", execute.collect_notebook)
    app.connect("env-updated", execute.finish, priority=100)
    app.connect("env-updated", execute.stop_warm_process, priority=101)
    app.connect("env-updated", staleness.record_unrecorded)
    app.connect("env-updated", early_css.copy_early_assets)
    # after the theme's header buttons (priority 501), which the run links re-point
    patches.connect(app, PATCHES, priority=600)
    app.connect("html-page-context", chart_scripts.add_chart_scripts, priority=600)
    app.connect("html-page-context", search_zh.add_search_script)
    chinese.setup(app)
    app.connect("doctree-resolved", exercises.resolve_exercises)
    app.connect("html-page-context", exercises.add_exercise_script, priority=600)
    app.connect("build-finished", downloads.write_downloads)
    app.connect("build-finished", lean.write_theme_css, priority=900)
    app.connect("build-finished", purge.purge_built_site, priority=910)
    app.connect("build-finished", staleness.save_state)
    app.connect("build-finished", execute.stop_warm_process)
    app.add_css_file("gba/gba-charts.css")
    app.add_css_file("gba/gba-zh.css")
    app.add_css_file("gba/gba-icons.css")
    # the theme wires its sidebar toggles to a hidden button (see the script)
    app.add_js_file("gba/gba-nav.js", defer="defer")
    # the theme's Bootstrap, loaded on first use (see lean.py)
    app.add_js_file("gba/gba-bootstrap.js", defer="defer")
    code_switch.register(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
