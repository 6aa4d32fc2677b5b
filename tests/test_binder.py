"""Binder, as mybinder.org builds it: a fresh clone, the reader environment, postBuild.

The fixture copies the repository's tracked files into an empty folder (Binder works
on a fresh clone), creates a virtual environment, installs
``binder/requirements.txt`` into it and runs ``binder/postBuild`` there, with a home
folder of its own that already holds a JupyterLab setting. That environment's Python
is registered as a Jupyter kernel, and the tests execute notebooks with it, from the
clone's root as Binder does. Nothing from the author environment leaks in.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT, student_notebooks

from book.binder import settings_file
from book.render import VEGA_MIME_TYPE
from book.run import execute
from book.student import chapters, solution_code

pytestmark = pytest.mark.slow

EXISTING = '{\n  // the reader\'s own choice, which postBuild must keep\n  "autosave": true\n}\n'
PLUGIN = "@jupyterlab/docmanager-extension/plugin"


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(clone, home, kernel name) after Binder's build steps."""
    base = tmp_path_factory.mktemp("binder")
    clone, home, env_dir = base / "repo", base / "home", base / "env"
    tracked = (
        subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    (clone / "binder" / "postBuild").chmod(0o755)
    settings = settings_file(PLUGIN, home)
    settings.parent.mkdir(parents=True)
    settings.write_text(EXISTING)

    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GBA_BOOK", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))
    }
    run_env.update(
        HOME=str(home), PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"
    )
    subprocess.run(
        # --no-compile: Python compiles what it imports anyway (half the install time)
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile",
         "-r", "binder/requirements.txt"],
        check=True, cwd=clone, env=run_env, timeout=1200,
    )  # fmt: skip
    result = subprocess.run(
        ["bash", "binder/postBuild"], cwd=clone, env=run_env, timeout=900,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # the reader environment must not contain the build tools
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('myst_nb') is None, u.find_spec('sphinx') is None)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.split() == ["True", "True"], "Binder set must stay lean"
    kernels = base / "share" / "jupyter" / "kernels" / "gba-binder"
    kernels.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (kernels / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Binder", "language": "python"})
    )
    os.environ["JUPYTER_PATH"] = (
        str(base / "share" / "jupyter")
        + os.pathsep
        + os.environ.get("JUPYTER_PATH", "")
    )
    return clone, home, "gba-binder"


def _errors(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in notebook.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


@pytest.mark.build
def test_post_build_writes_the_notebooks_the_book_publishes(
    binder: tuple[Path, Path, str], built_book: Path
) -> None:
    """postBuild's ``python -m book student`` executes every author chapter in the
    Binder environment, from its folder as JupyterLab would (a cell that raises
    stops postBuild, and the fixture with it), and writes its figures into the
    student notebooks: they must be the book's, byte for byte."""
    clone, _, _ = binder
    written = sorted((clone / "student").glob("*.ipynb"))
    published = student_notebooks(built_book)
    assert [p.name for p in written] == [p.name for p in published]
    for ours, theirs in zip(written, published, strict=True):
        assert ours.read_bytes() == theirs.read_bytes(), ours.name


@pytest.mark.build
def test_every_binder_link_opens_a_student_notebook_that_runs_and_keeps_feedback(
    binder: tuple[Path, Path, str], built_book: Path, tmp_path: Path
) -> None:
    clone, _, kernel = binder
    links: dict[str, set[str]] = {}
    for page in built_book.rglob("*.html"):
        for url in re.findall(
            r'href="(https://mybinder\.org/[^"]+)"', page.read_text()
        ):
            links.setdefault(url, set()).add(page.name)
    assert links, "the published book (with a repository) has Binder links"
    targets = set()
    for url in links:
        match = re.fullmatch(
            r"https://mybinder\.org/v2/gh/example-org/gba-book/main"
            r"\?urlpath=lab/tree/(student/\d\d-[\w-]+\.ipynb)",
            url.replace("&amp;", "&"),
        )
        assert match, f"{url} does not open a student notebook"
        targets.add(match.group(1))
    assert len(targets) == len(student_notebooks(built_book))
    solutions = {}
    for chapter in chapters(ROOT):
        solutions.update(solution_code(jupytext.read(chapter.path)))
    for target in sorted(targets):
        path = clone / target
        assert path.exists(), target
        notebook = nbformat.read(path, as_version=4)
        checks = [c for c in notebook.cells if c.metadata.get("gba", {}).get("check")]
        # a student answers the first exercise with its solution and runs it all
        checks[0].source = solutions[checks[0].metadata["gba"]["exercise"]]
        executed = execute(notebook, clone, kernel=kernel)
        assert not _errors(executed), (target, _errors(executed))
        saved = tmp_path / path.name
        nbformat.write(executed, saved)  # what JupyterLab's save does with outputs
        reopened = nbformat.read(saved, as_version=4)
        shown = [json.dumps(c.outputs) for c in reopened.cells
                 if c.metadata.get("gba", {}).get("check")]  # fmt: skip
        assert "Correct" in shown[0], (target, shown[0])  # the feedback stays
        assert all("Not answered yet" in s for s in shown[1:]), target
        charts = [
            o["data"][VEGA_MIME_TYPE]
            for c in executed.cells
            for o in c.get("outputs", [])
            if VEGA_MIME_TYPE in o.get("data", {})
        ]
        assert charts, f"{target}: no chart drawn offline"
        assert "cdn.jsdelivr" not in json.dumps(executed.cells)


def test_post_build_merges_the_lab_settings(binder: tuple[Path, Path, str]) -> None:
    _, home, _ = binder
    merged = json.loads(settings_file(PLUGIN, home).read_text())
    assert merged["autosave"] is True  # kept
    assert merged["defaultViewers"]["markdown"] == "Jupytext Notebook"


def test_the_widget_responds_in_the_binder_environment(
    binder: tuple[Path, Path, str],
) -> None:
    clone, _, kernel = binder
    notebook = jupytext.read(clone / "chapters" / "compare-cities.md")
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "panel.indicator.value = 'gdp'\n"
            "panel.cities.value = ('shenzhen', 'macao')\n"
            "print(panel.comparison.selection.indicator, list(panel.table['City']))"
        )
    )
    notebook = execute(notebook, clone, kernel=kernel)
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert text.strip() == "gdp ['Shenzhen', 'Macao']"
    # in a live kernel the panel shows real controls, not the build's note
    shown = json.dumps([o for c in notebook.cells for o in c.get("outputs", [])])
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert sys.executable not in shown
