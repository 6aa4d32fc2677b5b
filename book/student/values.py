"""A chapter's glued figures: from an execution of it, or from the book build."""

from __future__ import annotations

import ast
import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jupytext
import nbformat

from book.glue import RECORD_ENV
from book.run import execute
from book.student.toc import Chapter

__all__ = [
    "built_glue_values",
    "execute_for_values",
    "glued_values",
    "recording_glue",
]


@contextlib.contextmanager
def recording_glue() -> Iterator[None]:
    """Kernels started inside record glued values even without myst-nb."""
    before = os.environ.get(RECORD_ENV)
    os.environ[RECORD_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(RECORD_ENV, None)
        else:
            os.environ[RECORD_ENV] = before


def _literal(shown: str) -> Any:
    try:
        return ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return shown


def glued_values(executed: nbformat.NotebookNode) -> dict[str, Any]:
    """The glued values in an executed notebook's outputs (myst-nb's format)."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            shown = output.get("data", {}).get(f"{scrap['mime_prefix']}text/plain")
            if shown is not None:
                values[scrap["name"]] = _literal(shown)
    return values


def built_glue_values(glue_json: Path) -> dict[str, Any]:
    """The glued values the book build recorded (myst-nb's ``<chapter>.glue.json``).

    myst-nb takes the glue outputs out of the executed notebook it writes to
    ``_build/jupyter_execute`` and keeps them in this file beside it.
    """
    recorded = json.loads(glue_json.read_text(encoding="utf-8"))
    return {
        name: _literal(output["data"]["text/plain"])
        for name, output in recorded.items()
        if "text/plain" in output.get("data", {})
    }


def execute_for_values(chapter: Chapter) -> dict[str, Any]:
    """Execute a chapter from its source and return its glued values."""
    from book.kernels import shared

    with recording_glue():
        executed = execute(
            jupytext.read(chapter.path), chapter.path.parent, warm=shared()
        )
    return glued_values(executed)
