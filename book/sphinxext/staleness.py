"""Never stale, never more than needed: re-execute a chapter when what it read changes.

The jupyter-cache keys on a notebook's code cells only, so a change in ``data/`` or
``book/`` would leave old charts in place. The build keeps a record next to the
cache (``gba-reads.json``):

* the fingerprint of the ``book`` package: when its code changes, the whole cache
  is cleared and every page is re-read, so every chapter re-executes;
* for each executed page, the data files its kernel read (:mod:`book.reads`, noted
  by :mod:`.execute`) with their hashes at that execution; when one of them changes,
  only that page's cache entry is dropped, so only it re-executes;
* for each written page, the data files its build-time code read (the exercise
  forms' answers, :mod:`.exercises`); when one changes the page is re-read from the
  cache and written again, without executing it.

Every page is re-read (from the cache) when what the build itself makes from
``data/`` for all pages changes: the bibliography (``sources.csv``) and the
search index's words.

A notebook in the cache with no record (executed by myst-nb itself) depends on the
whole data folder. A changed ``_toc.yml`` marks every page outdated too (numbering
and navigation).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from book.reads import EVERYTHING
from book.sphinxext.static import BOOK_DIR

logger = logging.getLogger(__name__)

STATE_NAME = "gba-reads.json"
PACKAGE = "datapackage.json"  # read by every load: the types of every column


def _digest(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Hash of the ``book`` package's Python and static files."""
    return _digest(
        sorted(
            p
            for p in BOOK_DIR.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        ),
        BOOK_DIR,
    )


def fingerprint(data_root: Path | None = None) -> str:
    """Hash of everything a chapter's output may depend on besides its own code.

    That is every file in the data folder and every Python or static file of the
    ``book`` package.
    """
    from book.data import data_dir

    data_root = data_root or data_dir()
    files = sorted(p for p in data_root.rglob("*") if p.is_file())
    return hashlib.sha256(
        (_digest(files, data_root) + code_fingerprint()).encode()
    ).hexdigest()


def data_hashes(data_root: Path) -> dict[str, str]:
    """``{file name: sha256}`` of every file in the data folder, and of all of them."""
    files = sorted(p for p in data_root.rglob("*") if p.is_file())
    hashes = {
        str(p.relative_to(data_root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
    }
    hashes[EVERYTHING] = _digest(files, data_root)
    return hashes


def resource_files(data_root: Path, resources: set[str] | list[str]) -> list[str]:
    """The files behind data package resources (``EVERYTHING`` stays itself)."""
    package = json.loads((data_root / PACKAGE).read_text(encoding="utf-8"))
    paths = {r["name"]: r["path"] for r in package.get("resources", [])}
    if EVERYTHING in resources:
        return [EVERYTHING]
    files = {paths.get(name, name) for name in resources}
    return sorted(files | {PACKAGE}) if files else []


class State:
    """The record kept next to the execution cache (see the module's docstring)."""

    def __init__(self, cache: Path, data_root: Path) -> None:
        self.path = cache / STATE_NAME
        self.data_root = data_root
        self.hashes = data_hashes(data_root)  # as validated at the build's start
        self.code = code_fingerprint()
        self.docs: dict[str, dict[str, dict[str, str]]] = {}
        saved = self._saved()
        self.fresh = saved is None
        if saved is not None:
            self.docs = saved["docs"]

    def _saved(self) -> dict[str, Any] | None:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if saved.get("code") != self.code or saved.get("data") != str(self.data_root):
            return None
        return saved

    def save(self) -> None:
        """Write the record (the cache folder must exist)."""
        state = {"code": self.code, "data": str(self.data_root), "docs": self.docs}
        self.path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")

    def record(self, docname: str, kind: str, resources: set[str] | None) -> None:
        """What ``docname``'s kernel (``"kernel"``) or page code (``"page"``) read.

        ``None`` means unknown, which is taken as the whole data folder.
        """
        names = resource_files(self.data_root, resources or set())
        if resources is None:
            names = [EVERYTHING]
        self.docs.setdefault(docname, {})[kind] = {
            name: self.hashes.get(name, "") for name in names
        }

    def changed(self, docname: str, kind: str) -> list[str]:
        """The files ``docname``'s kernel or page read that changed since then."""
        read = self.docs.get(docname, {}).get(kind, {})
        return sorted(name for name, h in read.items() if self.hashes.get(name) != h)


def cache_path(app: Sphinx) -> Path:
    """The jupyter-cache folder myst-nb uses."""
    configured = getattr(app.config, "nb_execution_cache_path", "")
    if configured:
        return Path(configured)
    return Path(app.outdir).parent / ".jupyter_cache"


def drop(cache: Any, uris: set[str]) -> None:
    """Remove every cached execution of these notebooks."""
    from jupyter_cache.cache.db import NbCacheRecord

    for record in cache.list_cache_records():
        if record.uri in uris:
            try:
                cache.remove_cache(record.pk)
            except KeyError:  # its notebook file is gone already
                NbCacheRecord.remove_records([record.pk], cache.db)


def refresh_execution_cache(app: Sphinx) -> None:
    """Drop the cached executions that are stale; note the pages to re-read.

    Connected to ``builder-inited``, after ``data/`` was validated.
    """
    from jupyter_cache import get_cache

    from book.data import data_dir

    folder = cache_path(app)
    state = State(folder, data_dir())
    app.gba_state = state  # type: ignore[attr-defined]
    env = app.env
    env.gba_rerun, env.gba_reread = {}, {}  # type: ignore[attr-defined]
    if state.fresh:
        if folder.exists():
            logger.info("[gba] book/ changed: clearing the execution cache %s", folder)
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state.save()
        return
    cache = get_cache(str(folder))
    for record in cache.list_cache_records():  # cached, but no record of its reads
        doc = env.path2doc(record.uri)
        if doc is not None and "kernel" not in state.docs.get(doc, {}):
            env.gba_rerun[doc] = [EVERYTHING]  # type: ignore[attr-defined]
    for doc in list(state.docs):
        if changed := state.changed(doc, "kernel"):
            env.gba_rerun[doc] = changed  # type: ignore[attr-defined]
            del state.docs[doc]["kernel"]
        elif changed := state.changed(doc, "page"):
            env.gba_reread[doc] = changed  # type: ignore[attr-defined]
    drop(cache, {str(Path(env.doc2path(d))) for d in env.gba_rerun})  # type: ignore[attr-defined]
    state.save()


def _say(why: str, pages: dict[str, list[str]]) -> None:
    by_change: dict[tuple[str, ...], list[str]] = {}
    for doc, files in sorted(pages.items()):
        by_change.setdefault(tuple(files), []).append(Path(doc).name)
    for files, docs in by_change.items():
        shown = "the data folder" if files == (EVERYTHING,) else ", ".join(files)
        logger.info("[gba] data changed: %s -> %s %s", shown, why, ", ".join(docs))


def _global_change(
    app: Sphinx, env: BuildEnvironment, code: str, fresh: bool
) -> str | None:
    """Why every page must be re-read, if it must."""
    from book.sphinxext.search_zh import DICT_NAME

    def _hash(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""

    current = {
        "code": code,
        "toc": _hash(Path(app.srcdir) / "_toc.yml"),
        "words": _hash(Path(app.doctreedir) / DICT_NAME),
        # sphinxcontrib-bibtex re-reads no page when the .bib file changes
        "sources": "".join(_hash(Path(p)) for p in app.config.bibtex_bibfiles or []),
    }
    previous = getattr(env, "gba_inputs", None)
    env.gba_inputs = current  # type: ignore[attr-defined]
    if previous is None:  # a new environment reads every page anyway
        return "no record of the last build: re-reading" if env.all_docs else None
    if previous.get("code") != code or fresh:
        return "book/ changed since the last build: re-reading and re-executing"
    if previous.get("toc") != current["toc"]:
        return "_toc.yml changed since the last build: re-reading"
    if previous.get("words") != current["words"]:
        return "the search index's words changed (data/, glossary): re-reading"
    if previous.get("sources") != current["sources"]:
        return "sources.csv changed (citations, references): re-reading"
    return None


def outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """The pages to re-read besides those whose source changed.

    Every page when ``book/`` or the contents changed (a changed ``_toc.yml``
    renumbers chapters and exercises and changes every page's navigation, but Sphinx
    re-reads only the pages whose source changed); else the pages whose data
    changed (:func:`refresh_execution_cache`).
    """
    state = app.gba_state  # type: ignore[attr-defined]
    why = _global_change(app, env, f"{state.code} {state.data_root}", state.fresh)
    unchanged = env.found_docs - added - changed - removed
    if why is None:
        rerun, reread = env.gba_rerun, env.gba_reread  # type: ignore[attr-defined]
        _say("re-executing", rerun)
        _say("re-reading (answers computed at build time)", reread)
        return sorted({*rerun, *reread} & unchanged)
    logger.info("[gba] %s %d document(s)", why, len(unchanged))
    return sorted(unchanged)


def record_unrecorded(app: Sphinx, env: BuildEnvironment) -> None:
    """Pages myst-nb executed itself depend on every data file (``env-updated``)."""
    from jupyter_cache import get_cache

    state = app.gba_state  # type: ignore[attr-defined]
    for record in get_cache(str(cache_path(app))).list_cache_records():
        doc = env.path2doc(record.uri)
        if doc is not None and "kernel" not in state.docs.get(doc, {}):
            state.record(doc, "kernel", None)
    state.save()


def save_state(app: Sphinx, exception: Exception | None) -> None:
    """Keep what the written pages read (``build-finished``)."""
    state = getattr(app, "gba_state", None)
    if state is not None and cache_path(app).exists():
        state.save()
