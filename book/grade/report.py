"""What the lecturer reads: ``grades.csv`` and the summary per exercise."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from book.grade.rows import Row, exercise_key

__all__ = ["SUMMARY_FIELDS", "summarise", "write_csvs"]

SUMMARY_FIELDS = [
    "exercise",
    "label",
    "title",
    "kind",
    "submissions",
    "correct",
    "share_correct",
    "close",
    "wrong",
    "unanswered",
    "to_grade",
    "problems",
    "common_wrong_answers",
]

_ANSWERED = {"correct", "close", "wrong", "type", "unanswered", "blank", "to-grade"}
"""Statuses of an answer the student gave or left; any other is a problem."""


def summarise(rows: list[Row], top: int = 3) -> list[dict[str, Any]]:
    """One record per exercise: counts, share correct, the commonest wrong answers."""
    by_exercise: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.label:
            by_exercise.setdefault((row.chapter, row.label), []).append(row)
    ordered = sorted(
        by_exercise.items(), key=lambda item: exercise_key(item[1][0].exercise)
    )
    return [_summary(label, group, top) for (_, label), group in ordered]


def _summary(label: str, group: list[Row], top: int) -> dict[str, Any]:
    """The record of one exercise (``label``) from its rows."""
    counts = Counter(row.status for row in group)
    wrong = Counter(
        (row.answer, row.feedback)
        for row in group
        if row.status in ("wrong", "close", "type") and row.answer
    )
    common = " | ".join(
        f"{answer} ({n}×): {feedback}"
        for (answer, feedback), n in wrong.most_common(top)
    )
    return {
        "exercise": group[0].exercise,
        "label": label,
        "title": group[0].title,
        "kind": group[0].kind,
        "submissions": len(group),
        "correct": counts["correct"],
        "share_correct": round(counts["correct"] / len(group), 3),
        "close": counts["close"],
        "wrong": counts["wrong"] + counts["type"],
        "unanswered": counts["unanswered"] + counts["blank"],
        "to_grade": counts["to-grade"],
        "problems": sum(n for s, n in counts.items() if s not in _ANSWERED),
        "common_wrong_answers": common,
    }


def write_csvs(rows: list[Row], out: Path) -> tuple[Path, Path]:
    """Write ``grades.csv`` and ``grades-summary.csv`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    grades, summary = out / "grades.csv", out / "grades-summary.csv"
    with grades.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Row)])
        writer.writeheader()
        for row in rows:
            record = asdict(row)
            record["score"] = "" if row.score is None else row.score
            writer.writerow(record)
    with summary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows(summarise(rows))
    return grades, summary
