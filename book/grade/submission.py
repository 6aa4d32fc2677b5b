"""One submitted file: whose it is, whether it is a notebook, where its answers are."""

from __future__ import annotations

from pathlib import Path

import nbformat

from book.grade.rows import Reference

__all__ = ["answer_cells", "read_notebook", "student_of"]


def student_of(path: Path, root: Path) -> str:
    """The student a file belongs to: its first folder under ``root``, else its name.

    Learning platforms export one folder per student; a flat folder of files is read
    as one file per student, named by the file.
    """
    relative = path.relative_to(root)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The notebook in ``path``, or ``None`` and why the file is not one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"the file could not be read ({exc.strerror})"
    try:
        notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
    except UnicodeDecodeError:
        return None, "the file is not a Jupyter notebook (it is not even text)"
    except Exception as exc:  # nbformat raises several kinds
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return None, f"the file is not a Jupyter notebook ({reason})"
    return notebook, ""


def answer_cells(
    notebook: nbformat.NotebookNode, reference: Reference
) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """Answer cells by label, problems that mean tampering, and notes by label."""
    expected = reference.by_label()
    answers: dict[str, int] = {}
    problems: list[str] = []
    notes: dict[str, str] = {}
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("gba")
        if not isinstance(meta, dict) or "exercise" not in meta:
            continue
        label = str(meta["exercise"])
        info = expected.get(label)
        if info is None:
            problems.append(
                f"an answer cell names exercise '{label[:60]}', which "
                f"chapter {reference.number} does not have"
            )
            continue
        if info.kind == "check" and (
            meta.get("check") != info.check or meta.get("variable") != info.variable
        ):
            problems.append(
                f"the answer cell of exercise {info.number} names another check"
            )
            continue
        if label in answers:
            notes[label] = (
                f"two cells are marked as the answer to exercise {info.number}; the "
                "last one was graded"
            )
        answers[label] = index
    return answers, problems, notes
