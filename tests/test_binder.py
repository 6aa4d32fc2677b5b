"""Every chapter runs in a fresh environment built from exactly the Binder files.

The test creates a virtual environment, installs ``binder/requirements.txt`` into it,
runs ``binder/postBuild`` (which installs the ``book`` package), registers that
environment's Python as a Jupyter kernel and executes every chapter with it, from the
repository root as Binder does. Nothing from the author environment leaks in: the
kernel imports only what the Binder files installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT
from test_chapters import NOTEBOOKS

from book.run import execute

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def binder_kernel(tmp_path_factory: pytest.TempPathFactory) -> str:
    home = tmp_path_factory.mktemp("binder")
    env_dir = home / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run_env = {
        **os.environ,
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    run_env.pop("PYTHONPATH", None)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "binder" / "requirements.txt")],
        check=True, env=run_env, timeout=1200,
    )  # fmt: skip
    subprocess.run(
        ["bash", str(ROOT / "binder" / "postBuild")],
        check=True,
        cwd=ROOT,
        env=run_env,
        timeout=600,
    )
    # the reader environment must not contain the build tools
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('myst_nb') is None, u.find_spec('sphinx') is None)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.split() == ["True", "True"], "Binder set must stay lean"
    kernels = home / "share" / "jupyter" / "kernels" / "gba-binder"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(python),
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "GBA book (Binder environment)",
                "language": "python",
            }
        )
    )
    os.environ["JUPYTER_PATH"] = (
        str(home / "share" / "jupyter")
        + os.pathsep
        + os.environ.get("JUPYTER_PATH", "")
    )
    return "gba-binder"


def _execute(notebook: nbformat.NotebookNode, kernel: str) -> nbformat.NotebookNode:
    return execute(notebook, ROOT, kernel=kernel)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_runs_in_the_binder_environment(path: Path, binder_kernel: str) -> None:
    notebook = _execute(jupytext.read(path), binder_kernel)
    errors = [
        o
        for c in notebook.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors, errors[0]["evalue"] if errors else ""


def test_the_widget_responds_in_the_binder_environment(binder_kernel: str) -> None:
    notebook = jupytext.read(ROOT / "chapters" / "compare-cities.md")
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "panel.indicator.value = 'gdp'\n"
            "panel.cities.value = ('shenzhen', 'macao')\n"
            "print(panel.comparison.selection.indicator, list(panel.table['city']))"
        )
    )
    notebook = _execute(notebook, binder_kernel)
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert text.strip() == "gdp ['Shenzhen', 'Macao']"
    # in a live kernel the panel shows real controls, not the build's note
    shown = json.dumps([o for c in notebook.cells for o in c.get("outputs", [])])
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert sys.executable not in shown


def test_student_notebooks_run_in_the_binder_environment(
    binder_kernel: str, tmp_path: Path
) -> None:
    from book.student import write_student_edition

    notebooks = write_student_edition(ROOT, tmp_path / "student")[:-1]
    assert notebooks
    for path in notebooks:
        notebook = _execute(nbformat.read(path, as_version=4), binder_kernel)
        errors = [
            o
            for c in notebook.cells
            for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]
        assert not errors, f"{path.name}: {errors[0]['evalue'] if errors else ''}"
