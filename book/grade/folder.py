"""Grade every file of a folder of submissions, several notebooks at a time."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from book.grade.file import grade_file
from book.grade.rows import Reference, Row, exercise_key

__all__ = ["grade_folder", "submitted_files"]

_SKIP_PARTS = {".ipynb_checkpoints", "__MACOSX", ".DS_Store"}


def submitted_files(submissions: Path) -> list[Path]:
    """The files under ``submissions``, sorted, without hidden files and OS litter."""
    return sorted(
        path
        for path in submissions.rglob("*")
        if path.is_file()
        and not _SKIP_PARTS & set(path.parts)
        and not path.name.startswith(".")
    )


def _grade_one(args: tuple) -> tuple[Path, list[Row], float]:
    start = time.monotonic()
    rows = grade_file(*args[:4], timeout=args[4], deadline=args[5])
    return args[0], rows, time.monotonic() - start


def grade_folder(
    submissions: Path,
    references: dict[str, Reference],
    chapter: str | None = None,
    *,
    jobs: int | None = None,
    timeout: int = 60,
    deadline: int = 300,
    progress: bool = True,
) -> list[Row]:
    """Grade every file under ``submissions``, ``jobs`` notebooks at a time."""
    files = submitted_files(submissions)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    rows: list[Row] = []
    tasks = [(p, submissions, references, chapter, timeout, deadline) for p in files]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_grade_one, task) for task in tasks]
        for done, future in enumerate(as_completed(futures), start=1):
            path, found, seconds = future.result()
            rows += found
            if progress:
                where = f"[{done}/{len(files)}] {path.relative_to(submissions)}"
                print(f"  {where}: {_statuses(found)} ({seconds:.1f} s)", flush=True)
    order = {p: i for i, p in enumerate(files)}
    rows.sort(
        key=lambda r: (r.student, order[submissions / r.file], exercise_key(r.exercise))
    )
    return rows


def _statuses(rows: list[Row]) -> str:
    """How many rows have each status, commonest first ("5 correct, 2 wrong")."""
    statuses = Counter(row.status for row in rows)
    return ", ".join(f"{n} {s}" for s, n in statuses.most_common())
