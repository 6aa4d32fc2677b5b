"""The second fault catalogue (tests/faults.py): each careless or hostile edit is
rejected by `python -m book validate` with file, editor line, column and rule, in
one finding; harmless variations build the same book; Frictionless, as a second
opinion, agrees or disagrees as the catalogue says."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA
from faults import ACCEPTED, CATALOGUE, Fault

REJECTED = [f for f in CATALOGUE if f.name not in {
    "windows_line_endings", "reordered_columns", "no_newline_at_the_end",
    "blank_lines_at_the_end", "quoted_everywhere",
}]  # fmt: skip
HARMLESS = [f for f in CATALOGUE if f not in REJECTED]


def test_the_catalogue_is_large_enough() -> None:
    assert len(REJECTED) >= 40 and len(HARMLESS) >= 2


def _findings(stdout: str) -> list[str]:
    return [line.strip() for line in stdout.splitlines()
            if line.startswith("  ") and "[" in line and "]:" not in line]  # fmt: skip


def _validate(
    data: Path, capsys: pytest.CaptureFixture, *, in_process: bool
) -> subprocess.CompletedProcess:
    """`python -m book validate --data DATA`, in this process (its `main`, as the
    command runs it: a second each saved) or, for one fault, as a command."""
    argv = ["validate", "--data", str(data)]
    if not in_process:
        return subprocess.run([sys.executable, "-m", "book", *argv],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
    from book.__main__ import main

    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(argv, code, out, err)


@pytest.mark.parametrize("fault", REJECTED, ids=lambda f: f.name)
def test_validate_rejects_it_once_with_its_location(
    fault: Fault, data_copy: Path, capsys: pytest.CaptureFixture
) -> None:
    expect = fault.make(data_copy)
    assert expect is not ACCEPTED
    result = _validate(data_copy, capsys, in_process=fault is not REJECTED[0])
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    where = expect.file
    where += f", row {expect.row}" if expect.row is not None else ""
    where += f", column '{expect.column}'" if expect.column is not None else ""
    found = _findings(result.stdout)
    matching = [
        f for f in found if f.startswith(where + ": ") and f"[{expect.rule}]" in f
    ]
    assert matching, f"expected {where} [{expect.rule}] in:\n{result.stdout}"
    assert expect.contains in matching[0], matching[0]
    assert len(found) == 1, "one finding per root cause:\n" + "\n".join(found)


@pytest.mark.parametrize("fault", HARMLESS, ids=lambda f: f.name)
def test_harmless_variations_pass_validation(fault: Fault, data_copy: Path) -> None:
    from book.data import check

    assert fault.make(data_copy) is ACCEPTED
    assert check(data_copy)[1] == []


def _touched(data: Path) -> set[str] | None:
    """The resources a fault changed and those whose foreign keys point at them;
    ``None`` when it changed the descriptor or the files themselves."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    clean = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    files = {p.name for p in data.iterdir()} == {p.name for p in DATA.iterdir()}
    if descriptor != clean or not files:
        return None
    resources = descriptor["resources"]
    changed = {
        r["name"]
        for r in resources
        if not filecmp.cmp(data / r["path"], DATA / r["path"], shallow=False)
    }
    return changed | {
        r["name"]
        for r in resources
        for key in r.get("schema", {}).get("foreignKeys", [])
        if key["reference"].get("resource") in changed
    }


def _frictionless_rejects(frictionless: object, data: Path) -> bool:
    """Frictionless's verdict on the package, reading only the resources a fault
    touched (the others are the clean data's, which it accepts: test_rules.py).
    Half the time of validating the whole package, and the same verdict on every
    fault of the catalogue (compared fault by fault when this was written)."""
    touched = _touched(data)
    if touched is None:
        return not frictionless.validate(str(data / "datapackage.json")).valid
    package = frictionless.Package(str(data / "datapackage.json"))
    return any(not package.get_resource(n).validate().valid for n in sorted(touched))


@pytest.mark.parametrize("fault", CATALOGUE, ids=lambda f: f.name)
def test_frictionless_agrees_or_the_catalogue_says_why(
    fault: Fault, data_copy: Path
) -> None:
    frictionless = pytest.importorskip("frictionless")
    fault.make(data_copy)
    try:
        rejected = _frictionless_rejects(frictionless, data_copy)
    except Exception:  # a descriptor it cannot read at all
        rejected = True
    assert rejected == fault.frictionless, fault.why or "update the catalogue"
    if rejected != (fault not in HARMLESS):
        assert fault.why, f"{fault.name}: say why Frictionless and the book disagree"


# The book builds the same figures from all the harmless variations at once: the
# first build of tests/test_build.py's data-edit test starts from them.
