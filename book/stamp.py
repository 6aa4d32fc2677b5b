"""Nothing changed, nothing to do: the stamp of the last successful HTML build.

Starting Sphinx, loading its extensions and checking every page takes seconds even
when nothing changed. After a successful build, :func:`write` records a hash of
everything the build reads and a listing of what it wrote
(``_build/.gba-build-stamp.json``); :func:`up_to_date` compares both with the
present, and the build command (:mod:`book.build`) skips Sphinx when they match.

What the build reads: every file of the book's folder (chapters, pages,
``_config.yml``, ``_toc.yml``, ``data/``; not ``_build/`` and not hidden folders
such as ``.venv``), the ``book`` package, the data folder the build uses
(``$GBA_BOOK_DATA``), the ``GBA_*`` settings and a few others of the environment,
the Python and the installed packages (their names and versions), the builder and
its options. Anything else that changes the pages (a file deleted from or edited
in ``_build/html``) changes the listing of what was written, so the next build runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import sys
from collections.abc import Iterable
from pathlib import Path

from book.location import data_dir

__all__ = ["STAMP", "inputs", "outputs", "up_to_date", "write"]

STAMP = ".gba-build-stamp.json"
"""The stamp's name, in the build folder (``_build``)."""

SKIPPED = {"_build", "student"}
"""Top folders of the book that the build does not read (besides hidden ones)."""

NEVER = {"__pycache__", "node_modules"}
"""Folders read nowhere (``book/student`` is code, unlike the book's ``student``)."""

BOOK_DIR = Path(__file__).resolve().parent
"""The ``book`` package (its code and static files change the pages)."""

SETTINGS = ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED")
"""Environment variables besides ``GBA_*`` that can change the pages."""


def _files(folder: Path, skipped: set[str] = NEVER) -> Iterable[Path]:
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in skipped:
            continue
        if path.is_dir():
            yield from _files(path)
        elif path.is_file() and path.suffix != ".pyc":
            yield path


def _hash_folder(digest: hashlib._Hash, folder: Path, skipped: set[str]) -> None:
    digest.update(f"folder {folder}\0".encode())
    if folder.is_dir():
        for path in _files(folder, skipped):
            digest.update(f"{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())


def inputs(source: Path, builder: str, args: Iterable[str]) -> str:
    """Hash of everything a build of ``source`` with ``builder`` reads."""
    digest = hashlib.sha256()
    _hash_folder(digest, source.resolve(), SKIPPED | NEVER)
    for folder in (BOOK_DIR, data_dir()):
        _hash_folder(digest, folder.resolve(), NEVER)
    settings = {
        k: v for k, v in os.environ.items() if k.startswith("GBA_") or k in SETTINGS
    }
    packages = sorted(
        p.name for d in site.getsitepackages() for p in Path(d).glob("*.dist-info")
    )
    digest.update(
        json.dumps(
            [builder, list(args), sys.executable, sys.version, settings, packages],
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()


def outputs(html: Path) -> str:
    """Hash of the listing of the built site: each file's path, size and time."""
    digest = hashlib.sha256()
    if html.is_dir():
        for path in sorted(html.rglob("*")):
            if path.is_file():
                stat = path.stat()
                where = path.relative_to(html)
                digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _paths(source: Path) -> tuple[Path, Path]:
    build = source / "_build"
    return build / STAMP, build / "html"


def up_to_date(source: Path, built_from: str) -> bool:
    """True when the last build read ``built_from`` and its output is untouched."""
    stamp, html = _paths(source)
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("inputs") == built_from and saved.get("outputs") == outputs(html)


def write(source: Path, built_from: str | None) -> None:
    """Record a successful build of ``built_from``; ``None`` forgets the last one."""
    stamp, html = _paths(source)
    if built_from is None:
        stamp.unlink(missing_ok=True)
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    record = {"inputs": built_from, "outputs": outputs(html)}
    stamp.write_text(json.dumps(record) + "\n", encoding="utf-8")
