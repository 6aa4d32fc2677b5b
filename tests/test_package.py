"""The student package stands alone: unzip outside the repository, install, run.

The slow tests do what a student does with the zip: unzip it into an empty folder
far from the repository, make a virtual environment, install the zip's own
requirements, and run every notebook; then open one in JupyterLab (headless
Chromium, every request to another host blocked) and wait for its charts.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import socket
import subprocess
import time
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, gate, student_notebooks

from book.package import PACKAGE_NAME, write_package
from book.render import VEGA_MIME_TYPE

pytestmark = pytest.mark.build
SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def package(built_book: Path) -> Path:
    return built_book / "downloads" / f"{PACKAGE_NAME}.zip"


def test_the_zip_holds_what_a_student_needs(package: Path, built_book: Path) -> None:
    notebooks = student_notebooks(built_book)
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        wheel_name = next(n for n in names if n.endswith(".whl"))
        requirements = archive.read(f"{PACKAGE_NAME}/requirements.txt").decode()
        readme = archive.read(f"{PACKAGE_NAME}/README.md").decode()
        wheel = archive.read(wheel_name)
    data = {p.name for p in (ROOT / "data").iterdir() if p.is_file()}
    assert names == {
        f"{PACKAGE_NAME}/{name}"
        for name in [
            "README.md", "requirements.txt", Path(wheel_name).name,
            *(p.name for p in notebooks), *(f"data/{n}" for n in data),
        ]
    }  # fmt: skip
    pins = [line for line in requirements.splitlines() if line and line[0] != "#"]
    assert pins[-1] == f"./{Path(wheel_name).name}"
    assert all("==" in line for line in pins[:-1]), "every package pinned"
    for needed in ("jupyterlab==", "altair==", "pandas==", "vl-convert-python=="):
        assert any(line.startswith(needed) for line in pins), needed
    for path in notebooks:
        assert path.name in readme
    assert "pip install -r requirements.txt" in readme

    target = ROOT / "_build" / "test-wheel.whl"
    target.write_bytes(wheel)
    with zipfile.ZipFile(target) as whl:
        files = set(whl.namelist())
        info = next(n for n in files if n.endswith(".dist-info/METADATA"))
        metadata = whl.read(info).decode()
        record = whl.read(info.replace("METADATA", "RECORD")).decode()
        for line in record.splitlines():
            name, digest, size = line.rsplit(",", 2)
            if not digest:
                continue
            body = whl.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(body).digest())
            assert digest == "sha256=" + expected.rstrip(b"=").decode(), name
            assert int(size) == len(body)
    target.unlink()
    assert "book/_data/datapackage.json" in files
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "book").rglob("*.py")}
    assert "book/grade/__init__.py" in modules and modules <= files  # subpackages too
    assert {f"book/_data/{n}" for n in data} <= files
    assert "Requires-Dist: vl-convert-python" in metadata


def test_the_zip_is_reproducible(
    package: Path, built_book: Path, tmp_path: Path
) -> None:
    again = write_package(student_notebooks(built_book), tmp_path / "again.zip")
    assert again.read_bytes() == package.read_bytes()


# --------------------------------------------------- installed, outside the repo

RUN = """
import json, sys
from pathlib import Path
import jupytext  # noqa: F401  (the reader set)
import nbformat
import book
from book.data import data_dir
from book.kernels import shared
from book.run import execute
from book.student import exercises_of
print(json.dumps({"book": book.__file__, "data": str(data_dir())}))
folder = Path.cwd()
out = folder / "executed"
out.mkdir(exist_ok=True)
answers = json.loads(sys.argv[1])
for path in sorted(folder.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    first = [c for c in nb.cells if c.metadata.get("gba", {}).get("kind") == "check"]
    if path.name in answers:  # a student's first answers, to show the feedback
        first[0].source = answers[path.name][0]
        first[1].source = first[1].source.replace("= ...", "= 1.5", 1)
    # a kernel forked from one warm process per run, as the student command does
    # (tests/test_kernels.py: a fork is the kernel Jupyter starts; the JupyterLab
    # test below and the Binder tests run started ones)
    nbformat.write(execute(nb, folder, warm=shared()), out / path.name)
"""


@pytest.fixture(scope="module")
def installed(
    package: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """(folder, venv): the package unzipped far from the repository and installed."""
    import jupytext

    from book.student import solution_code

    home = tmp_path_factory.mktemp("student-home")
    assert ROOT not in home.parents
    with zipfile.ZipFile(package) as archive:
        archive.extractall(home)
    folder = home / PACKAGE_NAME
    env_dir = home / ".venv"
    venv.create(env_dir, with_pip=True)
    env = _clean_env(home, env_dir)
    subprocess.run(
        # --no-compile: Python compiles what it imports anyway (half the install time)
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--no-compile", "-r", "requirements.txt"],
        cwd=folder, env=env, check=True, timeout=1500,
    )  # fmt: skip
    solutions = solution_code(jupytext.read(ROOT / "chapters" / "platforms.md"))
    label = "platforms-ex-runyears"
    answers = {"03-platforms.ipynb": [solutions[label]]}
    result = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", RUN, json.dumps(answers)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    where = json.loads(result.stdout.strip().splitlines()[0])
    site = str(env_dir / "lib")
    assert where["book"].startswith(site), where  # the wheel, not the checkout
    assert where["data"].startswith(site) and where["data"].endswith("_data")
    return folder, env_dir


def _clean_env(home: Path, env_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GBA_BOOK", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))
    }
    env["HOME"] = str(home)
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"
    return env


@pytest.mark.slow
def test_every_notebook_runs_from_the_installed_package(
    installed: tuple[Path, Path], built_book: Path
) -> None:
    folder, _ = installed
    executed = sorted((folder / "executed").glob("*.ipynb"))
    assert [p.name for p in executed] == [p.name for p in student_notebooks(built_book)]
    for path in executed:
        outputs = [
            o
            for c in nbformat.read(path, as_version=4).cells
            for o in c.get("outputs", [])
        ]
        assert not [o for o in outputs if o.output_type == "error"], path.name
        assert any(VEGA_MIME_TYPE in o.get("data", {}) for o in outputs), path.name


@pytest.mark.slow
def test_chart_outputs_reference_no_outside_host(installed: tuple[Path, Path]) -> None:
    folder, _ = installed
    charts = 0
    for path in sorted((folder / "executed").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                html = str(data.get("text/html", ""))
                assert "<script" not in html, path.name
                if VEGA_MIME_TYPE not in data:
                    continue
                charts += 1
                spec = data[VEGA_MIME_TYPE]
                schema = spec.pop("$schema", "")
                assert schema.startswith("https://vega.github.io/schema/vega/")
                text = json.dumps(spec)
                assert not re.findall(r"https?://", text), (path.name, text[:200])
                assert '"url"' not in text, "no data loaded from an address"
    assert charts >= 30


# ------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(installed: tuple[Path, Path]) -> Iterator[str]:
    """JupyterLab from the student's environment, on a local port."""
    folder, env_dir = installed
    settings = env_dir / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(
        json.dumps(
            {  # draw every cell (no virtual scrolling), no news from the internet
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                "@jupyterlab/apputils-extension:notification": {
                    "fetchNews": "false",
                    "checkForUpdates": False,
                },
            }
        )
    )
    port = _free_port()
    server = subprocess.Popen(
        [str(env_dir / "bin" / "jupyter"), "lab", "--no-browser",
         f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={folder}", "--ServerApp.ip=127.0.0.1",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--allow-root"],
        cwd=folder, env=_clean_env(folder.parent, env_dir),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.browser
def test_a_student_notebook_draws_its_charts_offline_in_jupyterlab(
    jupyterlab: str, browser: object, installed: tuple[Path, Path]
) -> None:
    folder, _ = installed
    name = "03-platforms.ipynb"
    charts = sum(
        VEGA_MIME_TYPE in o.get("data", {})
        for c in nbformat.read(folder / "executed" / name, as_version=4).cells
        for o in c.get("outputs", [])
    )
    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", functools.partial(gate, base=jupyterlab, outside=outside))
    page.goto(f"{jupyterlab}lab/tree/executed/{name}")
    drawn = page.locator(".jp-RenderedVega5 svg.marks, .jp-RenderedVega5 canvas.marks")
    deadline = time.monotonic() + 90
    while drawn.count() < charts and time.monotonic() < deadline:
        time.sleep(0.5)
    assert drawn.count() == charts, f"{drawn.count()} of {charts} charts drawn"
    SHOTS.mkdir(parents=True, exist_ok=True)
    drawn.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "jupyterlab-chart.png"))
    exercise = page.locator(
        ".jp-Notebook .jp-RenderedMarkdown h3", has_text="Exercise 3.1:"
    )
    exercise.scroll_into_view_if_needed()
    exercise.evaluate("e => e.scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    page.screenshot(path=str(SHOTS / "jupyterlab-exercise.png"))
    feedback = page.locator(".gba-feedback")
    assert feedback.count() >= 3
    assert "Correct" in feedback.nth(0).inner_text()
    assert "Not yet" in feedback.nth(1).inner_text()
    assert not outside, outside[:5]
    page.close()
