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


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_executes_without_errors(path: Path, tmp_path: Path) -> None:
    # run from an unrelated folder: data must be found through the installed package
    notebook = execute(jupytext.read(path), tmp_path)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors[0].get("evalue") if errors else ""
    stderr = [
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]
    assert not any("Warning" in text for text in stderr), stderr
