"""Every chapter runs top to bottom in a fresh kernel, from any working directory."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
import yaml
from conftest import ROOT

from book.run import execute


def toc_files() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return [ROOT / f"{name}.md" for name in files]


NOTEBOOKS = [
    p for p in toc_files() if "kernelspec:" in p.read_text(encoding="utf-8")[:600]
]


def test_every_toc_entry_exists() -> None:
    for path in toc_files():
        assert path.exists(), path
    assert NOTEBOOKS, "no executable chapters found"


def _problems(notebook) -> tuple[list, list]:
    """The errors and the warnings printed to stderr of an executed notebook."""
    outputs = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    errors = [o.get("evalue") for o in outputs if o.get("output_type") == "error"]
    warnings = [o.get("text", "") for o in outputs if o.get("name") == "stderr"]
    return errors, [text for text in warnings if "Warning" in text]


@pytest.mark.build
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_executes_without_errors(path: Path, built_book: Path) -> None:
    """The build's own execution of each chapter (from its cache: each chapter runs
    once per test run) shows no error and prints no warning."""
    from jupyter_cache import get_cache

    cache = get_cache(built_book.parent / ".jupyter_cache")
    record = cache.get_cached_project_nb(str(path))
    assert record is not None, f"the build did not execute {path.name}"
    errors, warnings = _problems(cache.get_cache_bundle(record.pk).nb)
    assert not errors, errors
    assert not warnings, warnings


@pytest.mark.slow
def test_a_chapter_runs_from_an_unrelated_folder(tmp_path: Path) -> None:
    # data must be found through the installed package, not the working folder
    # (Binder runs every chapter from the repository's root, tests/test_binder.py)
    path = ROOT / "chapters" / "bay-at-a-glance.md"
    errors, warnings = _problems(execute(jupytext.read(path), tmp_path))
    assert not errors, errors
    assert not warnings, warnings
