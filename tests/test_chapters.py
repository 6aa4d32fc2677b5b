"""Every chapter runs top to bottom in a fresh kernel, from any working directory."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest
import yaml
from conftest import ROOT

from book.render import BUILD_ENV
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


def _outputs(notebook) -> list[str]:
    """Each code cell's outputs as text, without memory addresses (``<... at 0x7f>``)."""
    return [
        re.sub(r" at 0x[0-9a-f]+", "", json.dumps(cell.get("outputs"), sort_keys=True))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def _widgets(notebook) -> list[str]:
    """The kinds of widget the notebook saved (their ids differ from run to run)."""
    state = notebook.metadata.get("widgets", {})
    models = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return sorted(model["model_name"] for model in models.values())


@pytest.mark.build
def test_a_chapter_runs_from_an_unrelated_folder_as_in_the_build(
    tmp_path: Path, built_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data is found through the installed package, not the working folder (Binder
    runs every chapter from the repository's root, tests/test_binder.py); and a
    kernel started as a process shows what the build's forked kernel showed
    (book.kernels), outputs and widgets alike."""
    from jupyter_cache import get_cache

    path = ROOT / "chapters" / "compare-cities.md"  # widgets, charts, tables
    monkeypatch.setenv(BUILD_ENV, "1")
    executed = execute(jupytext.read(path), tmp_path)
    errors, warnings = _problems(executed)
    assert not errors, errors
    assert not warnings, warnings
    cache = get_cache(built_book.parent / ".jupyter_cache")
    record = cache.get_cached_project_nb(str(path))
    assert record is not None, f"the build did not execute {path.name}"
    built = cache.get_cache_bundle(record.pk).nb
    assert _outputs(executed) == _outputs(built)
    assert _widgets(executed) == _widgets(built)
    assert _widgets(built), "the chapter's panel saved no widgets"
