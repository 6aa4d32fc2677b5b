"""Never stale: re-execute every chapter when ``data/`` or ``book/`` change.

The jupyter-cache keys on a notebook's code cells only, so a change in ``data/`` or
``book/`` would leave old charts in place. The build fingerprints both folders; when
the fingerprint changes it clears the execution cache and marks every page outdated,
so all chapters re-execute. A changed ``_toc.yml`` marks every page outdated too
(numbering and navigation).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from book.sphinxext.static import BOOK_DIR

logger = logging.getLogger(__name__)

STAMP_NAME = "gba-fingerprint.txt"


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
        for p in BOOK_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_path(app: Sphinx) -> Path:
    configured = getattr(app.config, "nb_execution_cache_path", "")
    if configured:
        return Path(configured)
    return Path(app.outdir).parent / ".jupyter_cache"


def refresh_execution_cache(app: Sphinx) -> None:
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


def outdated(
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
