"""The one command that builds the book, for make, the tests and the tools.

``python -m book build`` runs it (``make book`` and ``make linkcheck`` do); the
tests, ``tools/bench.py`` and ``tools/preview_chapter.py`` call :func:`command`,
which is that same ``python -m book build``. It runs :func:`jupyter_book_command`
unless nothing changed since the last successful HTML build (:mod:`book.stamp`).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

__all__ = ["ARGS", "ROOT", "build", "command", "jupyter_book_command"]

ARGS: tuple[str, ...] = ("-W", "-n", "--keep-going")
"""Warnings are errors (``-W``), broken references are warnings (``-n``), and one
build reports every warning before it fails (``--keep-going``)."""

ROOT = Path(__file__).resolve().parent.parent
"""The book's repository (its ``_config.yml`` and ``_toc.yml``)."""


def jupyter_book_command(source: Path | str = ROOT, builder: str = "html") -> list[str]:
    """The Jupyter Book command line that builds ``source`` with ``builder``.

    Parameters
    ----------
    source : pathlib.Path or str
        The book's folder (default: this repository).
    builder : str
        A Sphinx builder: ``"html"`` (``_build/html``) or ``"linkcheck"``.

    Returns
    -------
    list of str
        The arguments, ready for :func:`subprocess.run`; ``jupyter-book`` is the one
        next to the running Python (the virtual environment's).

    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return [str(jupyter_book), "build", str(source), "--builder", builder, *ARGS]


def command(source: Path | str = ROOT, builder: str = "html") -> list[str]:
    """The command line that builds ``source`` as ``make book`` does.

    ``python -m book build`` (with the running Python): :func:`build`.
    """
    return [
        sys.executable, "-m", "book", "build",
        "--source", str(source), "--builder", builder,
    ]  # fmt: skip


def build(source: Path | str = ROOT, builder: str = "html") -> int:
    """Build ``source`` with Jupyter Book, unless nothing changed since the last build.

    Returns
    -------
    int
        The exit status: 0 when the book is built (or was up to date).

    """
    from book import stamp

    source = Path(source).resolve()
    built_from = stamp.inputs(source, builder, ARGS) if builder == "html" else None
    if built_from is not None and stamp.up_to_date(source, built_from):
        print(
            "[gba] nothing changed since the last build (the book's files, data/, "
            "book/, packages, GBA_* settings); _build/html is up to date",
            flush=True,
        )
        return 0
    argv = jupyter_book_command(source, builder)
    print(shlex.join(argv), flush=True)
    status = subprocess.run(argv, check=False).returncode
    if builder == "html":
        stamp.write(source, built_from if status == 0 else None)
    return status
