"""The student edition: every chapter as a notebook a student can answer and hand in.

``python -m book student`` (or ``make student``) writes one ``.ipynb`` per chapter,
named by its number (``03-platforms.ipynb``), and the student package (a zip, see
:mod:`book.package`). The book build writes the same notebooks for each page's
download without executing anything again (:mod:`book.sphinxext`), and Binder's
``postBuild`` writes them into ``student/`` for the "launch in Binder" links.

What changes from the author chapter:

* **No solutions.** ``{solution}`` blocks and the gated ``{solution-start}`` ...
  ``{solution-end}`` spans, with their code cells, are dropped; so are all outputs.
* **Numbered exercises, each with its own answer cell.** Every exercise starts a
  Markdown cell headed "Exercise 3.2: title", numbered as in the web book (chapter
  number from ``_toc.yml``, then the exercise's place in the chapter). A checked
  exercise's code cell (``answer = ...`` then ``exercises.check(...)``) becomes its
  answer cell; a chart-reading or discussion exercise gets a Markdown answer cell.
  A checked exercise whose statement holds the MyST comment ``% answer: written``
  (invisible in the web book) also asks for words, and gets a Markdown answer cell
  after its code answer cell. Answer cells carry ``metadata.gba`` (exercise label,
  number, check id, the variable that holds the answer), which the grader
  (:mod:`book.grade`) reads, and cannot be deleted by accident in JupyterLab.
* **Plain Markdown.** JupyterLab does not render MyST: admonitions become quotes,
  cross-references their text, citations bracketed source ids, and every
  ``{glue:text}`` figure is written in from an execution of the chapter, so the text
  shows the current data. Cells the web book collapses start collapsed.
* **Stands alone.** A note under the title says how to work and hand in; the last
  cell lists the sources the chapter cites, read from ``data/sources.csv``.

The wording that students read is in ``book/text/student.yml``.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import yaml

from book.descriptor import web_address
from book.glue import RECORD_ENV
from book.markup import markdown_text
from book.run import execute

__all__ = [
    "Chapter",
    "ExerciseInfo",
    "built_glue_values",
    "chapters",
    "cited_keys",
    "exercises_of",
    "glued_values",
    "plain_markdown",
    "read_sources",
    "solution_code",
    "sources_cell",
    "student_notebook",
    "write_student_edition",
]

TEXT_FILE = Path(__file__).resolve().parent / "text" / "student.yml"

_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})\{(?P<name>exercise|exercise-start|exercise-end|"
    r"solution|solution-start|solution-end)\}[ \t]*(?P<title>.*)$"
)
_WRITTEN = re.compile(r"^%\s*answer:\s*written\b.*$\n?", re.M)
"""A MyST comment in a checked exercise's statement: it also asks for words."""
_CHECK_CALL = re.compile(
    r"exercises\.check\(\s*[\"'](?P<check>[\w-]+)[\"']\s*,\s*(?P<variable>[A-Za-z_]\w*)"
    r"\s*\)"
)


@cache
def text() -> dict[str, str]:
    """The student-facing wording (``book/text/student.yml``)."""
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


# ----------------------------------------------------------------- chapters


@dataclass(frozen=True)
class Chapter:
    """A chapter of the book as the student edition sees it."""

    number: int
    path: Path

    @property
    def stem(self) -> str:
        """The chapter's file name without ``.md`` (e.g. ``platforms``)."""
        return self.path.stem

    @property
    def notebook_name(self) -> str:
        """The student notebook's file name, e.g. ``03-platforms.ipynb``."""
        return f"{self.number:02d}-{self.stem}.ipynb"


def chapters(root: Path) -> list[Chapter]:
    """The executable chapters in ``_toc.yml`` order, numbered as the web book does.

    Sphinx numbers the entries of parts marked ``numbered`` and (with Jupyter Book's
    multi-toc numbering) continues the count from one numbered part to the next.
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[Chapter] = []
    count = 0
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if part.get("numbered"):
                count += 1
            name = entry.get("file", "")
            path = root / f"{name}.md"
            if not name.startswith("chapters/") or not path.exists():
                continue
            if "kernelspec:" not in path.read_text(encoding="utf-8")[:800]:
                continue
            if not part.get("numbered"):
                raise ValueError(
                    f"_toc.yml: chapter {name} is in a part without 'numbered'; "
                    "its exercises would have no chapter number"
                )
            found.append(Chapter(count, path))
    return found


# ---------------------------------------------------------------- exercises


@dataclass(frozen=True)
class ExerciseInfo:
    """One exercise of a student notebook, as its answer cell records it.

    Attributes
    ----------
    label : str
        The exercise's label in the book (``platforms-ex-share``).
    number : str
        Its number as the web book shows it (``"3.2"``).
    title : str
        Its title.
    kind : str
        ``"check"`` (a code answer judged by :mod:`book.checks`) or ``"text"``
        (a written answer for the lecturer).
    check : str
        The check's id, for ``"check"`` exercises.
    variable : str
        The name the answer cell assigns the answer to, for ``"check"`` exercises.

    """

    label: str
    number: str
    title: str
    kind: str
    check: str = ""
    variable: str = ""


def exercises_of(notebook: nbformat.NotebookNode) -> list[ExerciseInfo]:
    """The exercises of a student notebook, from its answer cells, in order."""
    found = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("gba")
        if isinstance(meta, dict) and "exercise" in meta:
            found.append(
                ExerciseInfo(
                    label=str(meta["exercise"]),
                    number=str(meta.get("number", "")),
                    title=str(meta.get("title", "")),
                    kind=str(meta.get("kind", "")),
                    check=str(meta.get("check", "")),
                    variable=str(meta.get("variable", "")),
                )
            )
    return found


def _answer_metadata(info: ExerciseInfo) -> dict[str, Any]:
    meta = {k: v for k, v in asdict(info).items() if v}
    meta["exercise"] = meta.pop("label")
    return meta


def text_answer(info: ExerciseInfo) -> str:
    """The untouched Markdown answer cell of a written exercise."""
    words = text()
    prompt = words["answer_prompt"].format(number=info.number).strip()
    return f"{prompt}\n\n{words['answer_placeholder'].strip()}"


# ----------------------------------------------------------- MyST directives


@dataclass
class _Piece:
    name: str  # "text" or a directive name
    body: str
    title: str = ""
    options: dict[str, str] | None = None


def _pieces(source: str) -> list[_Piece]:
    """Split MyST Markdown into text and exercise/solution directives."""
    lines = source.split("\n")
    pieces: list[_Piece] = []
    buffer: list[str] = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].strip())
        if not match:
            buffer.append(lines[index])
            index += 1
            continue
        if buffer:
            pieces.append(_Piece("text", "\n".join(buffer)))
            buffer = []
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
        pieces.append(
            _Piece(
                name,
                "\n".join(inner).strip("\n"),
                match.group("title").strip(),
                options,
            )
        )
        index = end + 1
    if buffer:
        pieces.append(_Piece("text", "\n".join(buffer)))
    return pieces


def solution_code(source: nbformat.NotebookNode) -> dict[str, str]:
    """The code of each gated solution in an author chapter, by exercise label.

    Tests and the grading benchmark use it to write answers known to be right.
    """
    found: dict[str, list[str]] = {}
    current = None
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for piece in _pieces(cell.source):
                if piece.name == "solution-start":
                    current = piece.title
                    found[current] = []
                elif piece.name == "solution-end":
                    current = None
        elif current is not None:
            found[current].append(cell.source)
    return {label: "\n\n".join(code) for label, code in found.items()}


def _heading(number: str, title: str) -> str:
    heading = text()["exercise_heading"].format(number=number, title=title)
    return heading.rstrip(": ").strip()


# ------------------------------------------------------------ the transform


def student_notebook(
    source: nbformat.NotebookNode,
    chapter: Chapter,
    values: dict[str, Any] | None = None,
    sources: dict[str, dict[str, str]] | None = None,
) -> nbformat.NotebookNode:
    """Turn an author chapter (read with jupytext) into its student notebook.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The chapter as jupytext reads it.
    chapter : Chapter
        Its number and path.
    values : dict, optional
        Its glued figures (:func:`glued_values`), written into the text.
    sources : dict, optional
        ``data/sources.csv`` by id (:func:`read_sources`), for the closing list.

    Raises
    ------
    ValueError
        When the chapter's exercises are malformed: a solution or exercise that is
        never closed, an exercise without a label, a gated exercise without exactly
        one ``exercises.check("id", variable)`` answer cell.
    """
    where = chapter.path.name
    words = text()
    cells: list[nbformat.NotebookNode] = []
    found: list[ExerciseInfo] = []
    pending: list[str] = []
    skipping = False
    open_exercise: ExerciseInfo | None = None  # gated, waiting for its code cell
    answered = asks_words = False

    def flush() -> None:
        body = "\n\n".join(p.strip("\n") for p in pending if p.strip())
        pending.clear()
        if body.strip():
            cells.append(nbformat.v4.new_markdown_cell(body))

    def new_exercise(piece: _Piece, kind: str) -> ExerciseInfo:
        label = (piece.options or {}).get("label")
        if not label:
            raise ValueError(f"{where}: the exercise '{piece.title}' has no :label:")
        if not found:
            cells.append(nbformat.v4.new_markdown_cell(words["exercises_intro"]))
        number = len({e.number for e in found}) + 1
        info = ExerciseInfo(label, f"{chapter.number}.{number}", piece.title, kind)
        found.append(info)
        return info

    for cell in source.cells:
        if cell.cell_type == "markdown":
            for piece in _pieces(cell.source):
                if skipping:
                    skipping = piece.name != "solution-end"
                    continue
                if piece.name == "text":
                    if open_exercise is not None and _WRITTEN.search(piece.body):
                        asks_words = True  # it also asks for words
                    pending.append(_WRITTEN.sub("", piece.body))
                elif piece.name == "solution-start":
                    flush()
                    skipping = True
                elif piece.name == "exercise":
                    flush()
                    info = new_exercise(piece, "text")
                    cells.append(
                        nbformat.v4.new_markdown_cell(
                            f"{_heading(info.number, info.title)}\n\n{piece.body}"
                        )
                    )
                    answer = nbformat.v4.new_markdown_cell(text_answer(info))
                    answer.metadata = {
                        "gba": _answer_metadata(info),
                        "deletable": False,
                    }
                    cells.append(answer)
                elif piece.name == "exercise-start":
                    flush()
                    open_exercise = new_exercise(piece, "check")
                    answered = asks_words = False
                    pending.append(_heading(open_exercise.number, open_exercise.title))
                elif piece.name == "exercise-end":
                    if open_exercise is not None and not answered:
                        raise ValueError(
                            f"{where}: exercise {open_exercise.label} has no answer "
                            "cell (a code cell between exercise-start and -end)"
                        )
                    flush()
                    open_exercise = None
                # a {solution} block is dropped
            flush()
        elif cell.cell_type == "code" and not skipping:
            flush()
            if open_exercise is not None and not answered:
                calls = _CHECK_CALL.findall(cell.source)
                if len(calls) != 1:
                    raise ValueError(
                        f"{where}: the answer cell of exercise {open_exercise.label} "
                        f'must call exercises.check("id", variable) exactly once; '
                        f"found {len(calls)}"
                    )
                info = ExerciseInfo(
                    open_exercise.label,
                    open_exercise.number,
                    open_exercise.title,
                    "check",
                    calls[0][0],
                    calls[0][1],
                )
                found[-1] = info  # the same exercise, now with its check
                answered = True
                new = nbformat.v4.new_code_cell(cell.source)
                new.metadata = {"gba": _answer_metadata(info), "deletable": False}
                cells.append(new)
                if asks_words:  # the statement also asks for words: a written cell
                    info = ExerciseInfo(
                        f"{info.label}/written", info.number, info.title, "text"
                    )
                    found.append(info)
                    answer = nbformat.v4.new_markdown_cell(text_answer(info))
                    answer.metadata = {
                        "gba": _answer_metadata(info),
                        "deletable": False,
                    }
                    cells.append(answer)
            else:
                new = nbformat.v4.new_code_cell(cell.source)
                tags = list(cell.get("metadata", {}).get("tags", []))
                if tags:
                    new.metadata["tags"] = tags
                if {"hide-input", "remove-input"} & set(tags):
                    new.metadata["jupyter"] = {"source_hidden": True}
                cells.append(new)
    if skipping:
        raise ValueError(f"{where}: a solution-start has no solution-end")
    if open_exercise is not None:
        raise ValueError(f"{where}: exercise {open_exercise.label} is never closed")

    keys = cited_keys("\n".join(c.source for c in cells if c.cell_type == "markdown"))
    for cell in cells:
        if cell.cell_type == "markdown" and "gba" not in cell.metadata:
            cell.source = plain_markdown(cell.source, values or {})
    title = _number_title(cells, chapter.number)
    if keys and sources is not None:
        cells.append(nbformat.v4.new_markdown_cell(sources_cell(keys, sources)))
    for index, cell in enumerate(cells):
        cell.id = f"c{index:03d}"

    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata = {
        "kernelspec": dict(source.metadata.get("kernelspec", {})),
        "language_info": {"name": "python"},
        "gba": {
            "edition": "student",
            "chapter": chapter.stem,
            "number": chapter.number,
            "title": title,
        },
    }
    return notebook


def _number_title(cells: list[nbformat.NotebookNode], number: int) -> str:
    """Number the chapter's title and put the edition note right under it."""
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^# (.+)$", cell.source, re.M)
        if not match:
            continue
        title = match.group(1).strip()
        before = cell.source[: match.start()].strip("\n")
        after = cell.source[match.end() :].strip("\n")
        note = text()["edition_note"].format(number=number, title=title)
        new = [nbformat.v4.new_markdown_cell(f"# {number}. {title}")]
        new.append(nbformat.v4.new_markdown_cell(note.strip()))
        if after:
            new.append(nbformat.v4.new_markdown_cell(after))
        if before:
            new.insert(0, nbformat.v4.new_markdown_cell(before))
        cells[index : index + 1] = new
        return title
    raise ValueError("the chapter has no '# title' line")


# -------------------------------------------------------------- execution


@contextlib.contextmanager
def recording_glue() -> Iterator[None]:
    """Kernels started inside record glued values even without myst-nb."""
    before = os.environ.get(RECORD_ENV)
    os.environ[RECORD_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(RECORD_ENV, None)
        else:
            os.environ[RECORD_ENV] = before


def _literal(shown: str) -> Any:
    try:
        return ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return shown


def glued_values(executed: nbformat.NotebookNode) -> dict[str, Any]:
    """The glued values in an executed notebook's outputs (myst-nb's format)."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            shown = output.get("data", {}).get(f"{scrap['mime_prefix']}text/plain")
            if shown is not None:
                values[scrap["name"]] = _literal(shown)
    return values


def built_glue_values(glue_json: Path) -> dict[str, Any]:
    """The glued values the book build recorded (myst-nb's ``<chapter>.glue.json``).

    myst-nb takes the glue outputs out of the executed notebook it writes to
    ``_build/jupyter_execute`` and keeps them in this file beside it.
    """
    recorded = json.loads(glue_json.read_text(encoding="utf-8"))
    return {
        name: _literal(output["data"]["text/plain"])
        for name, output in recorded.items()
        if "text/plain" in output.get("data", {})
    }


def execute_for_values(chapter: Chapter) -> dict[str, Any]:
    """Execute a chapter from its source and return its glued values."""
    with recording_glue():
        executed = execute(jupytext.read(chapter.path), chapter.path.parent)
    return glued_values(executed)


# ----------------------------------------------------------------- Markdown


def _glue(values: dict, match: re.Match) -> str:
    """A glued figure as Markdown text (it may hold text from ``data/``)."""
    key, _, spec = match.group(1).partition(":")
    if key not in values:
        return f"`{key}`"
    value = values[key]
    try:
        shown = format(value, spec) if spec else str(value)
    except (TypeError, ValueError):
        shown = str(value)
    return markdown_text(shown, inline=True)


def plain_markdown(source: str, values: dict | None = None) -> str:
    """Turn the book's MyST Markdown into Markdown that JupyterLab renders."""
    values = values or {}
    source = re.sub(r"\{glue:text\}`([^`]+)`", lambda m: _glue(values, m), source)
    source = re.sub(r"\{glue(?::any)?\}`([^`]+)`", lambda m: _glue(values, m), source)
    source = re.sub(
        r"\{(?:term|ref|doc|numref)\}`(?:([^`<]+?)\s*<[^`]+>|([^`]+))`",
        lambda m: (m.group(1) or m.group(2)).strip(),
        source,
    )
    source = re.sub(
        r"\{cite(?::\w+)?\}`([^`]+)`",
        lambda m: "[" + "; ".join(cited_keys(m.group(0))) + "]",
        source,
    )
    source = re.sub(r"^\(.+\)=\s*$\n?", "", source, flags=re.M)
    source = re.sub(r"^%.*$\n?", "", source, flags=re.M)  # MyST comments
    out: list[str] = []
    quote = False  # inside an admonition (rendered as a quote)
    options = False  # drop ":class: ..." lines right after the admonition line
    for line in source.splitlines():
        stripped = line.strip()
        admonition = re.match(r"^:{3,}\{admonition\}\s*(.*)$", stripped)
        if admonition:
            out += [f"> **{admonition.group(1)}**", ">"]
            quote = options = True
            continue
        if quote and re.fullmatch(r":{3,}", stripped):
            quote = False
            continue
        if options and (re.match(r"^:[\w-]+:", stripped) or not stripped):
            continue
        options = False
        out.append(f"> {line}".rstrip() if quote else line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def cited_keys(source: str) -> list[str]:
    """The source ids cited with ``{cite}`` roles in ``source``, in order, once each."""
    keys: list[str] = []
    for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", source):
        for key in group.split(","):
            if key.strip() and key.strip() not in keys:
                keys.append(key.strip())
    return keys


def read_sources(sources_csv: Path) -> dict[str, dict[str, str]]:
    """``data/sources.csv`` by source id (the file the references page is made from)."""
    with sources_csv.open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def sources_cell(keys: list[str], sources: dict[str, dict[str, str]]) -> str:
    """Markdown listing the cited sources (rows from :func:`read_sources`).

    An unknown key raises ``KeyError``.
    """
    words = text()
    lines = [words["sources_heading"], "", words["sources_intro"].strip(), ""]
    for key in keys:
        row = sources[key]
        date = markdown_text(row["date_published"] or words["no_date"], inline=True)
        publisher = markdown_text(row["publisher"], inline=True)
        title = markdown_text(row["title"], inline=True)
        line = f"- **{key}**: {publisher}, *{title}* ({date})"
        if row["url"] and web_address(row["url"]) is None:  # http(s), validated
            line += f", <{row['url']}>"
        lines.append(line)
    return "\n".join(lines)


# ------------------------------------------------------------------ writing


def write_student_edition(
    root: Path,
    target: Path,
    *,
    values: Callable[[Chapter], dict[str, Any]] | None = None,
    package: bool = True,
) -> list[Path]:
    """Write the student notebooks (and, with ``package``, the student zip).

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder (with ``_toc.yml``).
    target : pathlib.Path
        Output folder, created if needed; old notebooks in it are replaced.
    values : callable, optional
        A chapter's glued values; by default the chapter is executed to get them.
    package : bool
        Also write the student package, ``gba-book-student.zip``.

    Returns
    -------
    list of pathlib.Path
        The notebooks written, then the zip if one was written.
    """
    from book.data import data_dir

    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.ipynb"):
        old.unlink()
    sources = read_sources(data_dir() / "sources.csv")
    written = []
    for chapter in chapters(root):
        found = values(chapter) if values else execute_for_values(chapter)
        notebook = student_notebook(
            jupytext.read(chapter.path), chapter, found, sources
        )
        path = target / chapter.notebook_name
        nbformat.write(notebook, path)
        written.append(path)
    if package:
        from book.package import PACKAGE_NAME, write_package

        written.append(write_package(written, target / f"{PACKAGE_NAME}.zip"))
    return written
