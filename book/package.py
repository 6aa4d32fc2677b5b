"""The student package: one zip a student unzips, installs once and opens offline.

``gba-book-student.zip`` holds one folder, ``gba-book-student/``, with

* the student notebooks (:mod:`book.student`), ``01-bay-at-a-glance.ipynb`` ...;
* ``gba_book-<version>-py3-none-any.whl``: the ``book`` helper package *with the
  data inside it* (``book/_data/``), so the notebooks find their data through the
  installed package wherever they are opened;
* ``requirements.txt``: the exact versions the book is tested with
  (``requirements/student.txt``: the reader environment and JupyterLab), then the
  wheel;
* ``data/``: a copy of the data files to read in a spreadsheet;
* ``README.md``: install, open, hand in (from ``book/text/student-package.md``).

The wheel is assembled here rather than by a build backend so that it, and the zip,
come out byte-identical from identical sources (fixed timestamps, sorted entries):
the published site does not change when nothing changed.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
import tomllib
import zipfile
from pathlib import Path

__all__ = ["PACKAGE_NAME", "build_wheel", "write_package"]

PACKAGE_NAME = "gba-book-student"
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent  # the checkout the package is installed from
TEMPLATE = PACKAGE_DIR / "text" / "student-package.md"
STAMP = (2026, 1, 1, 0, 0, 0)  # every zip entry's time: reproducible archives


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _record_hash(content: bytes) -> str:
    digest = hashlib.sha256(content).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _project() -> dict:
    path = PROJECT_DIR / "pyproject.toml"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the student package is made from a checkout of the "
            "book's repository (pip install -e .), not from an installed wheel"
        )
    return tomllib.loads(path.read_text(encoding="utf-8"))["project"]


def _package_files(data: Path) -> list[tuple[str, bytes]]:
    """(name in the wheel, content) for the package and its data, sorted."""
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if not path.is_file() or "__pycache__" in relative.parts:
            continue
        if path.suffix == ".pyc" or relative.parts[0] == "_data":
            continue
        files.append((f"book/{relative.as_posix()}", path.read_bytes()))
    files += [(f"book/_data/{path.name}", path.read_bytes()) for path in _data(data)]
    return files


def _data(folder: Path) -> list[Path]:
    """The data files in ``folder``, sorted (hidden files left out)."""
    return [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]


def _write_zip(path: Path, entries: list[tuple[str, bytes]]) -> None:
    """Write ``entries`` (name, content) into the zip ``path``, in their order."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in entries:
            archive.writestr(_entry(name), body)


def build_wheel(target_dir: Path) -> Path:
    """Write the ``book`` package, data included, as a wheel into ``target_dir``.

    The name, version and dependencies come from the checkout's ``pyproject.toml``;
    the data from :func:`book.data.data_dir`.

    Parameters
    ----------
    target_dir : pathlib.Path
        Where to write the wheel.

    Returns
    -------
    pathlib.Path
        The wheel, ``gba_book-<version>-py3-none-any.whl``.
    """
    from book.data import data_dir

    project = _project()
    dist = project["name"].replace("-", "_")
    version = project["version"]
    info_dir = f"{dist}-{version}.dist-info"
    files = _package_files(data_dir()) + _dist_info(project, info_dir)
    record = [f"{name},{_record_hash(body)},{len(body)}" for name, body in files]
    record.append(f"{info_dir}/RECORD,,")
    files.append((f"{info_dir}/RECORD", ("\n".join(record) + "\n").encode()))
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / f"{dist}-{version}-py3-none-any.whl"
    _write_zip(path, files)
    return path


def _dist_info(project: dict, info_dir: str) -> list[tuple[str, bytes]]:
    """The wheel's METADATA, WHEEL and top_level.txt (RECORD comes last)."""
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '')}",
        *(f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])),
    ]
    wheel = [
        "Wheel-Version: 1.0",
        "Generator: book.package",
        "Root-Is-Purelib: true",
        "Tag: py3-none-any",
    ]
    return [
        (f"{info_dir}/METADATA", ("\n".join(metadata) + "\n").encode()),
        (f"{info_dir}/WHEEL", ("\n".join(wheel) + "\n").encode()),
        (f"{info_dir}/top_level.txt", b"book\n"),
    ]


def _requirements(wheel_name: str) -> str:
    pins = (PROJECT_DIR / "requirements" / "student.txt").read_text(encoding="utf-8")
    lines = [
        "# Install from this folder:  python -m pip install -r requirements.txt",
        "# The exact versions the book is built and tested with, then the book's",
        "# helper package (with its data). Nothing needs the network after this.",
        "",
        *(pin for line in pins.splitlines() if (pin := line.split("#")[0].strip())),
        f"./{wheel_name}",
    ]
    return "\n".join(lines) + "\n"


def _readme(notebooks: list[Path], wheel_name: str) -> str:
    project = _project()
    listing = "\n".join(f"  - `{path.name}`" for path in notebooks)
    return TEMPLATE.read_text(encoding="utf-8").format(
        version=project["version"],
        notebooks=listing,
        wheel=wheel_name,
        first=notebooks[0].name if notebooks else "",
        python=project.get("requires-python", "").lstrip(">="),
    )


def write_package(notebooks: list[Path], target: Path) -> Path:
    """Write the student package (a zip) from the student notebooks.

    Parameters
    ----------
    notebooks : list of pathlib.Path
        The student notebooks, in chapter order.
    target : pathlib.Path
        The zip to write.

    Returns
    -------
    pathlib.Path
        ``target``.
    """
    from book.data import data_dir

    with tempfile.TemporaryDirectory() as scratch:
        wheel = build_wheel(Path(scratch))
        entries = [
            ("README.md", _readme(notebooks, wheel.name).encode()),
            ("requirements.txt", _requirements(wheel.name).encode()),
            (wheel.name, wheel.read_bytes()),
        ]
    entries += [(path.name, path.read_bytes()) for path in notebooks]
    entries += [(f"data/{path.name}", path.read_bytes()) for path in _data(data_dir())]
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_zip(target, [(f"{PACKAGE_NAME}/{name}", body) for name, body in entries])
    return target
