"""What a check sees of an answer: a JSON-safe record, and the answer it stands for.

Every answer is first reduced to a record (:func:`describe`) and judged from that
record (:func:`restore`). The lecturer's grader (:mod:`book.grade`) reads the same
records out of a student's re-executed notebook, so a student and the grader always
get the same verdict for the same answer. :mod:`book.exercises` re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Opaque", "describe", "restore"]


@dataclass(frozen=True)
class Opaque:
    """An answer that is neither a number nor text, as a check sees it.

    Attributes
    ----------
    type_name : str
        The Python type of the answer (``"DataFrame"``, ``"list"``, ``"bool"``).
    size : int or None
        How many values it holds, for arrays, Series and DataFrames.
    text : str
        The start of its text form, to show back to the student.

    """

    type_name: str
    size: int | None = None
    text: str = ""


def describe(answer: Any) -> dict[str, Any]:
    """Reduce an answer to a JSON-safe record of what a check needs.

    ``...`` and ``None`` are ``{"kind": "missing"}``; a Series, DataFrame or array
    with one value is that value; numbers (numpy's too) and text keep their value;
    anything else keeps only its type, size and the start of its text.
    """
    if answer is None or answer is Ellipsis:
        return {"kind": "missing"}
    if isinstance(answer, Opaque):
        return {
            "kind": "other",
            "type": answer.type_name,
            "size": answer.size,
            "text": answer.text,
        }
    if isinstance(answer, np.generic):  # np.float64, np.int64, np.str_, np.bool_
        answer = answer.item()
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        if answer.size == 1:
            return describe(np.asarray(answer).ravel()[0])
        return {
            "kind": "other",
            "type": type(answer).__name__,
            "size": int(answer.size),
            "text": "",
        }
    if isinstance(answer, str):
        return {"kind": "text", "value": str(answer)}
    if isinstance(answer, Real) and not isinstance(answer, bool):
        number = int(answer) if isinstance(answer, int) else float(answer)
        return {"kind": "number", "value": number}
    return {
        "kind": "other",
        "type": type(answer).__name__,
        "size": None,
        "text": str(answer)[:40],
    }


def restore(record: dict[str, Any]) -> Any:
    """The answer a check judges, from a :func:`describe` record."""
    kind = record.get("kind")
    if kind == "missing":
        return Ellipsis
    if kind == "number" and isinstance(record.get("value"), (int, float)):
        return record["value"]
    if kind == "text" and isinstance(record.get("value"), str):
        return record["value"]
    size = record.get("size")
    return Opaque(
        type_name=str(record.get("type", "object"))[:40],
        size=size if isinstance(size, int) else None,
        text=str(record.get("text", ""))[:40],
    )


def type_name(answer: Any) -> str:
    """The type of an answer as the student wrote it (an Opaque's recorded type)."""
    return answer.type_name if isinstance(answer, Opaque) else type(answer).__name__


def is_missing(answer: Any) -> bool:
    """True for the scaffold's ``...`` (and ``None``)."""
    return answer is None or answer is Ellipsis
