"""Sphinx extension: the build glue of the book.

* **Validate first.** The data package is checked before anything is read; on any
  violation the build stops with file, row, column and rule, and nothing is written.
* **Offline charts.** The pinned Vega libraries are fetched once from the npm registry
  (:mod:`book.vendor`) and served from ``_static/gba-vendor/``; a myst-nb mime
  plugin turns each chart output into static HTML (:mod:`book.embed`), and pages
  with charts load the scripts. No page needs another host.
* **Never stale.** The jupyter-cache keys on a notebook's code cells only, so a
  change in ``data/`` or ``book/`` would leave old charts in place. The extension
  fingerprints both folders; when the fingerprint changes it clears the execution
  cache and marks every chapter outdated, so all chapters re-execute. A changed
  ``_toc.yml`` marks every page outdated too (numbering and navigation).
* **Student edition.** After the build it writes each chapter's student notebook
  (:mod:`book.student`, from the build's own execution) and the student package
  (:mod:`book.package`) into the site, and points every way of running a chapter
  (the links under its title, the theme's ".ipynb" download and Binder button) at
  that chapter's student notebook.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from book import __version__
from book.embed import chart_html
from book.package import PACKAGE_NAME
from book.render import BUILD_ENV, MIME_TYPE

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
STAMP_NAME = "gba-fingerprint.txt"
PACKAGE_ZIP = f"{PACKAGE_NAME}.zip"


def fingerprint(data_root: Path | None = None) -> str:
    """Hash of everything a chapter's output depends on besides its own code.

    That is every file in the data folder and every Python or static file of the
    ``book`` package.
    """
    from book.data import data_dir

    data_root = data_root or data_dir()
    digest = hashlib.sha256()
    files = sorted(p for p in data_root.rglob("*") if p.is_file())
    files += sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------ validation


def _validate_data(app: Sphinx, config: Config) -> None:
    # Kernels started by the build inherit this: live-only widgets then render a
    # note instead of dead controls (book.widgets).
    os.environ.setdefault(BUILD_ENV, "1")
    if not config.gba_validate_data:
        return
    from book.data import data_dir, validate

    root = data_dir()
    findings = validate(root)
    if findings:
        lines = "\n".join(f"  {f}" for f in findings)
        raise ExtensionError(
            f"the data package in {root} breaks {len(findings)} rule(s); nothing "
            f"was built. Fix these (row numbers count the header as row 1):\n{lines}"
        )
    logger.info("[gba] data package valid: %s", root)


# --------------------------------------------------------------- bibliography

_LATEX = str.maketrans(
    {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": "(", "}": ")"}
)


def bibtex(sources: Any) -> str:
    """BibTeX entries for every row of ``sources.csv`` (key = source id)."""
    entries = []
    for row in sources.itertuples():
        year = str(row.date_published or "")[:4]
        fields = {
            "author": "{" + str(row.publisher).translate(_LATEX) + "}",
            "title": "{" + str(row.title).translate(_LATEX) + "}",  # keep its casing
            "year": year if year.isdigit() else "n.d.",
            # a raw field: pybtex does not parse it as LaTeX, so "%" in it is safe
            "url": row.url if isinstance(row.url, str) and row.url else "",
            "note": (
                f"Accessed {row.date_accessed}. Confidence: {row.confidence}."
            ).translate(_LATEX),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@misc{{{row.source_id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def _write_bibliography(app: Sphinx, config: Config) -> None:
    """Generate the bibliography from data/sources.csv, so it cannot drift."""
    from book.data import load

    target = Path(app.outdir).parent / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = bibtex(load().sources)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [str(target)]


# ---------------------------------------------------------------- static files


def _static_files(app: Sphinx, config: Config) -> None:
    from book.vendor import cache_dir, ensure_vendor

    try:
        ensure_vendor(verbose=True)
    except RuntimeError as exc:
        raise ExtensionError(str(exc)) from exc
    config.html_static_path.extend([str(cache_dir().parent), str(STATIC_DIR)])
    if not config.html_favicon:  # the book's icon travels with the package
        config.html_favicon = str(STATIC_DIR / "gba" / "favicon.svg")
    # template overrides that fix accessibility problems of the theme
    config.templates_path.insert(0, str(PACKAGE_DIR / "templates"))


_EMPTY_HEADER = re.compile(r'<th((?: class="blank[^"]*" ?)?)>(|&nbsp;)</th>')


def _page_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Load the Vega scripts only on pages that have a chart; drop Thebe's CDN loader.

    sphinx-thebe (always on in Jupyter Book 1) puts an unpkg.com address on every
    page and loads Thebe from there when activated. The book offers Binder instead,
    so its assets are removed and no page refers to another host.
    """
    _chapter_links(app, pagename, context)
    if "body" in context:
        # myst-nb's "Show code cell source" toggles: let the visible text be the
        # accessible name (axe: label-content-name-mismatch, WCAG 2.5.3)
        # and Sphinx's bibliography: role="list" needs role="listitem" children,
        # but its entries are role="doc-biblioentry" (axe: aria-required-children)
        context["body"] = (
            context["body"]
            .replace('<summary aria-label="Toggle hidden content">', "<summary>")
            .replace(
                '<div role="list" class="citation-list">', '<div class="citation-list">'
            )
            # ...and ARIA 1.3 deprecates doc-biblioentry (axe: aria-deprecated-role)
            .replace(' role="doc-biblioentry"', "")
        )
        # pandas leaves the corner cells of a table's header empty: as header cells
        # they would announce nothing (axe: empty-table-header); make them data cells
        context["body"] = _EMPTY_HEADER.sub(r"<td\1>\2</td>", context["body"])
    scripts = context.get("script_files", [])
    scripts[:] = [
        js for js in scripts if not _is_thebe(js) and not _is_widget_state(js)
    ]
    styles = context.get("css_files", [])
    styles[:] = [css for css in styles if "thebe" not in str(css.filename or "")]
    if 'class="gba-chart"' not in context.get("body", ""):
        return
    from book.vendor import script_names

    # charts compiled to Vega at build time do not need vega-lite.js
    needs_lite = 'data-mode="vega-lite"' in context["body"]
    for offset, name in enumerate(script_names()):
        if name.startswith("vega-lite@") and not needs_lite:
            continue
        app.add_js_file(f"gba-vendor/{name}", priority=600 + offset, defer="defer")
    app.add_js_file("gba/gba-charts.js", priority=610, defer="defer")


def _early_assets(app: Sphinx, env: BuildEnvironment) -> None:
    """Put myst-nb's and sphinx-exercise's stylesheets in place before any page.

    Both extensions copy their CSS at the end of the build. Sphinx appends a
    ``?v=<checksum>`` to a stylesheet link only when the file is already in
    ``_static`` while the page is written, so a cold build linked them without it and
    a warm build with it. Copying them first makes every build link them alike.
    """
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources
    from sphinx_exercise import copy_asset_files

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    copy_asset_files(app, None)


def _is_widget_state(js: Any) -> bool:
    """myst-nb's embedded ipywidgets state: dead controls without a kernel."""
    return "widget-state" in str(getattr(js, "attributes", {}).get("type", ""))


def _is_thebe(js: Any) -> bool:
    filename = str(getattr(js, "filename", "") or "")
    body = str(getattr(js, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


# ------------------------------------------------------------------- staleness


def _cache_path(app: Sphinx) -> Path:
    configured = getattr(app.config, "nb_execution_cache_path", "")
    if configured:
        return Path(configured)
    return Path(app.outdir).parent / ".jupyter_cache"


def _refresh_execution_cache(app: Sphinx) -> None:
    """Clear the jupyter-cache when data/ or book/ changed since it was filled."""
    current = fingerprint()
    app.env.gba_current_fingerprint = current  # type: ignore[attr-defined]
    cache = _cache_path(app)
    stamp = cache / STAMP_NAME
    previous = stamp.read_text().strip() if stamp.exists() else None
    if previous != current:
        if cache.exists():
            logger.info(
                "[gba] data/ or book/ changed: clearing the execution cache %s", cache
            )
            shutil.rmtree(cache)
        cache.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current + "\n")


def _outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Mark every document outdated when data/, book/ or the contents changed.

    A changed ``_toc.yml`` renumbers chapters and exercises and changes every
    page's navigation, but Sphinx re-reads only the pages whose source changed;
    re-reading the others takes their outputs from the execution cache.
    """
    current = env.gba_current_fingerprint  # type: ignore[attr-defined]
    previous = getattr(env, "gba_fingerprint", None)
    env.gba_fingerprint = current  # type: ignore[attr-defined]
    toc = Path(app.srcdir) / "_toc.yml"
    toc_hash = hashlib.sha256(toc.read_bytes()).hexdigest() if toc.exists() else ""
    previous_toc = getattr(env, "gba_toc_hash", None)
    env.gba_toc_hash = toc_hash  # type: ignore[attr-defined]
    stale = sorted(env.found_docs - added - changed - removed)
    if previous is not None and previous != current:
        why = "data/ or book/ changed since the last build: re-reading and re-executing"
    elif previous_toc is not None and previous_toc != toc_hash:
        why = "_toc.yml changed since the last build: re-reading"
    else:
        return []
    logger.info("[gba] %s %d document(s)", why, len(stale))
    return stale


# ------------------------------------------------------------ downloads

BINDER = "https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{path}"
STUDENT_DIR = "student"  # where binder/postBuild writes the student notebooks
NOTEBOOKS = "_downloads/notebooks"  # the student notebooks on the site
PACKAGE = "downloads"  # the student package on the site


def _repository() -> tuple[str, str] | None:
    """``(owner/name, branch)`` from ``GBA_BOOK_REPOSITORY``, if the book knows it.

    The publishing workflow sets it from GitHub; a local build has no repository
    address to launch Binder from, so it offers downloads only.
    """
    repo = os.environ.get("GBA_BOOK_REPOSITORY", "").strip().strip("/")
    if not repo or repo.count("/") != 1:
        return None
    return repo, os.environ.get("GBA_BOOK_BRANCH", "main")


def _configure_launch(app: Sphinx, config: Config) -> None:
    """Point the theme's repository and launch buttons at the repository, if known."""
    found = _repository()
    if not found:
        return
    repo, branch = found
    options = config.html_theme_options
    options["repository_url"] = f"https://github.com/{repo}"
    options["repository_branch"] = branch
    options.setdefault("launch_buttons", {})["binderhub_url"] = "https://mybinder.org"


def _find_chapters(app: Sphinx) -> None:
    """Number the chapters once per build, as the web book and the notebooks do."""
    from book.student import chapters

    app.gba_chapters = {  # type: ignore[attr-defined]
        f"chapters/{chapter.stem}": chapter for chapter in chapters(Path(app.srcdir))
    }


def binder_url(notebook_name: str) -> str | None:
    """Binder's address for a student notebook, when the repository is known."""
    found = _repository()
    if not found:
        return None
    path = f"{STUDENT_DIR}/{notebook_name}"
    return BINDER.format(repo=found[0], branch=found[1], path=path)


def _chapter_links(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Under a chapter's title, link the student notebook, package and Binder.

    The theme's own ".ipynb" download and Binder button are pointed at the same
    student notebook, so every way of running a chapter gives the student edition.
    """
    chapter = getattr(app, "gba_chapters", {}).get(pagename)
    if chapter is None:
        # other executable pages (the teacher's guide) have no student notebook:
        # nothing to launch in Binder
        buttons = context.get("header_buttons", [])
        buttons[:] = [b for b in buttons if not _launches_binder(b)]
        return
    if "body" not in context:
        return
    name = chapter.notebook_name
    notebook = f"../{NOTEBOOKS}/{name}"
    links = [
        f'<a href="{notebook}" download>student notebook</a>',
        f'<a href="../{PACKAGE}/{PACKAGE_ZIP}" download>student package (zip)</a>',
    ]
    url = binder_url(name)
    if url:
        links.append(f'<a href="{url}">launch in Binder</a>')
    banner = (
        '<p class="gba-run-links">Run this chapter yourself: '
        + " · ".join(links)
        + "</p>"
    )
    body = context["body"]
    end = body.find("</h1>")
    if end != -1:
        context["body"] = body[: end + 5] + banner + body[end + 5 :]
    for button in _buttons(context.get("header_buttons", [])):
        if button.get("label") == "download-notebook-button":
            button["url"] = notebook
            button["tooltip"] = "Download the student notebook (no solutions)"
        elif "mybinder.org/v2/" in str(button.get("url", "")):
            button["url"] = url or button["url"]


def _launches_binder(button: Any) -> bool:
    return isinstance(button, dict) and any(
        "mybinder.org/v2/" in str(b.get("url", "")) for b in _buttons([button])
    )


def _buttons(items: list[Any]) -> list[dict[str, Any]]:
    """Every button in the theme's header buttons, groups opened."""
    found = []
    for item in items:
        if isinstance(item, dict):
            found.append(item)
            found += _buttons(item.get("buttons", []))
    return found


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Write data/, the student notebooks and the student package into the site.

    The notebooks take their figures from the build's own execution of each chapter
    (myst-nb's ``_build/jupyter_execute/<chapter>.glue.json``), so nothing runs twice.
    """
    if exception is not None or app.builder.format != "html":
        return
    from book.data import data_dir
    from book.student import built_glue_values, write_student_edition

    out = Path(app.outdir)
    data_out = out / "data"
    data_out.mkdir(exist_ok=True)
    for path in sorted(data_dir().iterdir()):
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, data_out / path.name)
    executed = out.parent / "jupyter_execute"

    def values(chapter: Any) -> dict[str, Any]:
        path = executed / "chapters" / f"{chapter.stem}.glue.json"
        if not path.exists():
            raise ExtensionError(
                f"[gba] no figures recorded for {chapter.stem} at {path}: run "
                "'make clean' and build again"
            )
        return built_glue_values(path)

    notebooks = out / NOTEBOOKS
    written = write_student_edition(
        Path(app.srcdir), notebooks, values=values, package=False
    )
    from book.package import write_package

    write_package(written, out / PACKAGE / PACKAGE_ZIP)
    # the theme copies each chapter's executed author notebook (with its solutions)
    # next to the sources; nothing links to those copies any more
    for stale in (out / "_sources" / "chapters").glob("*.ipynb"):
        stale.unlink()
    logger.info(
        "[gba] student notebooks (%d) and %s written", len(written), PACKAGE_ZIP
    )


# ------------------------------------------------------------ myst-nb plugin


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


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.add_config_value("gba_validate_data", True, "env")
    app.connect("config-inited", _validate_data, priority=100)
    app.connect("config-inited", _static_files, priority=900)
    app.connect("config-inited", _write_bibliography, priority=150)
    app.connect("config-inited", _configure_launch, priority=160)
    app.connect("build-finished", _write_downloads)
    app.connect("builder-inited", _refresh_execution_cache)
    app.connect("builder-inited", _find_chapters)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _early_assets)
    # after the theme's header buttons (priority 501), which _chapter_links re-points
    app.connect("html-page-context", _page_assets, priority=600)
    app.add_css_file("gba/gba-charts.css")
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
