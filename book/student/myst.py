"""The exercise and solution directives of a chapter's MyST Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat

__all__ = ["Piece", "pieces", "solution_code"]

_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{(?P<name>exercise|exercise-start|exercise-end|"
    r"solution|solution-start|solution-end)\}[ \t]*(?P<title>.*)$"
)


@dataclass
class Piece:
    """A run of plain text, or one exercise or solution directive."""

    name: str  # "text" or a directive name
    body: str
    title: str = ""
    options: dict[str, str] | None = None


def pieces(source: str) -> list[Piece]:
    """Split MyST Markdown into text and exercise/solution directives."""
    lines = source.split("\n")
    found: list[Piece] = []
    buffer: list[str] = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].strip())
        if not match:
            buffer.append(lines[index])
            index += 1
            continue
        if buffer:
            found.append(Piece("text", "\n".join(buffer)))
            buffer = []
        piece, index = _directive(lines, index, match)
        found.append(piece)
    if buffer:
        found.append(Piece("text", "\n".join(buffer)))
    return found


def _directive(lines: list[str], index: int, match: re.Match) -> tuple[Piece, int]:
    """The directive that starts at ``lines[index]``, and the index after its end."""
    fence, name = match.group("fence"), match.group("name")
    end = index + 1
    while end < len(lines) and lines[end].strip() != fence:
        end += 1
    if end == len(lines):
        raise ValueError(f"a {{{name}}} directive is never closed with {fence}")
    inner = lines[index + 1 : end]
    options: dict[str, str] = {}
    while inner and re.match(r"^:[\w-]+:", inner[0].strip()):
        key, _, value = inner.pop(0).strip()[1:].partition(":")
        options[key] = value.strip()
    body = "\n".join(inner).strip("\n")
    return Piece(name, body, match.group("title").strip(), options), end + 1


def solution_code(source: nbformat.NotebookNode) -> dict[str, str]:
    """The code of each gated solution in an author chapter, by exercise label.

    Tests and the grading benchmark use it to write answers known to be right.
    """
    found: dict[str, list[str]] = {}
    current = None
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for piece in pieces(cell.source):
                if piece.name == "solution-start":
                    current = piece.title
                    found[current] = []
                elif piece.name == "solution-end":
                    current = None
        elif current is not None:
            found[current].append(cell.source)
    return {label: "\n\n".join(code) for label, code in found.items()}
