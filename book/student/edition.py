"""Write the whole student edition: a notebook per chapter, and the student zip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jupytext
import nbformat

from book.student.markdown import read_sources
from book.student.toc import Chapter, chapters
from book.student.transform import student_notebook
from book.student.values import execute_for_values

__all__ = ["write_student_edition"]


def write_student_edition(
    root: Path,
    target: Path,
    *,
    values: Callable[[Chapter], dict[str, Any]] | None = None,
    package: bool = True,
) -> list[Path]:
    """Write the student notebooks (and, with ``package``, the student zip).

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder (with ``_toc.yml``).
    target : pathlib.Path
        Output folder, created if needed; old notebooks in it are replaced.
    values : callable, optional
        A chapter's glued values; by default the chapter is executed to get them.
    package : bool
        Also write the student package, ``gba-book-student.zip``.

    Returns
    -------
    list of pathlib.Path
        The notebooks written, then the zip if one was written.
    """
    from book.data import data_dir

    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.ipynb"):
        old.unlink()
    sources = read_sources(data_dir() / "sources.csv")
    written = []
    for chapter in chapters(root):
        found = values(chapter) if values else execute_for_values(chapter)
        notebook = student_notebook(
            jupytext.read(chapter.path), chapter, found, sources
        )
        path = target / chapter.notebook_name
        nbformat.write(notebook, path)
        written.append(path)
    if package:
        from book.package import PACKAGE_NAME, write_package

        written.append(write_package(written, target / f"{PACKAGE_NAME}.zip"))
    return written
