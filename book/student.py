"""The student edition: every chapter as a notebook with no solutions in it.

``python -m book student`` (or ``make student``) writes one ``.ipynb`` per chapter to
``_build/student/`` and a zip of them. Solutions are removed everywhere: the
``{solution}`` blocks, the gated ``{solution-start}`` ... ``{solution-end}`` spans with
their code cells, and all outputs (students run the cells themselves). Exercise
scaffolds stay (``answer = ...`` then ``exercises.check(...)``), and so do the
automatic checks, which never print an answer.

Notebooks in JupyterLab do not render MyST, so the Markdown is turned into plain
notebook Markdown: admonitions become quotes, exercises become headings, and every
``{glue:text}`` figure is replaced by its value, read from an execution of the
chapter at the time the edition is made (so the text shows current data). Citations
become bracketed source ids, and each notebook ends with the sources it cites, read
from ``data/sources.csv``.

This module imports nothing from the rest of ``book``.
"""

from __future__ import annotations

import ast
import copy
import csv
import re
import zipfile
from pathlib import Path

import jupytext
import nbclient
import nbformat
import yaml
from nbclient.exceptions import CellTimeoutError, DeadKernelError

__all__ = [
    "cited_keys",
    "execute",
    "glued_values",
    "plain_markdown",
    "read_sources",
    "sources_cell",
    "strip_solutions",
    "write_student_edition",
]

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\{(?P<name>[\w-]+)\}.*$")
SOLUTION_NOTE = (
    "*The solution is in the teacher's edition of the book (the published HTML), "
    "where it is collapsed under the exercise.*"
)


def _strip_blocks(text: str) -> tuple[str, bool, bool]:
    """Remove ``{solution}`` blocks from Markdown.

    Returns the new text, whether a gated solution starts (unclosed) in it, and
    whether a gated solution ends in it (text before the end marker is dropped).
    """
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    opened = False
    while index < len(lines):
        match = _FENCE.match(lines[index].strip())
        name = match.group("name") if match else ""
        if name in ("solution", "solution-start", "solution-end"):
            fence = match.group("fence")
            end = index + 1
            while end < len(lines) and lines[end].strip() != fence:
                end += 1
            if name == "solution":
                out += ["", SOLUTION_NOTE, ""]
            elif name == "solution-start":
                out += ["", SOLUTION_NOTE]
                opened = True
                # everything after the start marker belongs to the solution
                return "\n".join(out).strip("\n"), True, False
            else:  # solution-end: drop what came before it in this cell
                out = []
                opened = False
                index = end + 1
                continue
            index = end + 1
            continue
        out.append(lines[index])
        index += 1
    return "\n".join(out).strip("\n"), opened, False


def strip_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` without solutions and without outputs."""
    cells = []
    inside = False
    for cell in notebook.cells:
        source = cell.source
        if inside:
            if cell.cell_type == "markdown" and "{solution-end}" in source:
                after = source.split("{solution-end}", 1)[1]
                after = after.split("\n", 1)[1] if "\n" in after else ""
                after = re.sub(r"^\s*(`{3,}|~{3,})\s*\n?", "", after, count=1)
                inside = False
                text, inside, _ = _strip_blocks(after)
                if text.strip():
                    cells.append(nbformat.v4.new_markdown_cell(text))
            continue
        if cell.cell_type == "markdown":
            text, inside, _ = _strip_blocks(source)
            if text.strip():
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source)
            tags = cell.get("metadata", {}).get("tags")
            if tags:
                new.metadata["tags"] = list(tags)
            cells.append(new)
        else:
            cells.append(cell)
    result = nbformat.v4.new_notebook()
    result.cells = cells
    result.metadata = {
        "kernelspec": notebook.metadata.get("kernelspec", {}),
        "language_info": {"name": "python"},
    }
    return result


def execute(
    notebook: nbformat.NotebookNode,
    cwd: Path,
    *,
    kernel: str = "python3",
    timeout: int = 180,
    attempts: int = 2,
) -> nbformat.NotebookNode:
    """Execute a copy of ``notebook`` in a fresh kernel and return it.

    A cell that gets no reply within ``timeout`` seconds (a lost kernel message, seen
    rarely on loaded machines) fails the attempt; the notebook then runs once more in
    a new kernel, so a stall costs minutes, not the whole run.
    """
    for attempt in range(1, attempts + 1):
        executed = copy.deepcopy(notebook)
        client = nbclient.NotebookClient(
            executed,
            timeout=timeout,
            kernel_name=kernel,
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError):
            if attempt == attempts:
                raise
            continue
        return executed
    raise RuntimeError("unreachable")  # pragma: no cover


def glued_values(notebook: nbformat.NotebookNode, cwd: Path) -> dict[str, str]:
    """Execute a copy of the notebook and return its glued values as text."""
    executed = execute(notebook, cwd)
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            text = output["data"].get(f"{scrap['mime_prefix']}text/plain")
            if text is None:
                continue
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                value = text
            values[scrap["name"]] = value
    return values


def _glue(values: dict, match: re.Match) -> str:
    key, _, spec = match.group(1).partition(":")
    if key not in values:
        return f"`{key}`"
    value = values[key]
    try:
        return format(value, spec) if spec else str(value)
    except (TypeError, ValueError):
        return str(value)


def plain_markdown(text: str, values: dict | None = None) -> str:
    """Turn the book's MyST Markdown into Markdown that JupyterLab renders."""
    values = values or {}
    text = re.sub(r"\{glue:text\}`([^`]+)`", lambda m: _glue(values, m), text)
    text = re.sub(r"\{glue(?::any)?\}`([^`]+)`", lambda m: _glue(values, m), text)
    text = re.sub(
        r"\{(?:term|ref|doc|numref)\}`(?:([^`<]+?)\s*<[^`]+>|([^`]+))`",
        lambda m: (m.group(1) or m.group(2)).strip(),
        text,
    )
    text = re.sub(
        r"\{cite(?::\w+)?\}`([^`]+)`",
        lambda m: "[" + "; ".join(cited_keys(m.group(0))) + "]",
        text,
    )
    text = re.sub(r"^\(.+\)=\s*$\n?", "", text, flags=re.M)
    out: list[str] = []
    quote = False  # inside an admonition (rendered as a quote)
    skip_options = False  # drop ":label: ..." lines after a directive line
    drop_fence: str | None = None  # the fence that closes the current marker/block
    for line in text.splitlines():
        stripped = line.strip()
        admonition = re.match(r"^:{3,}\{admonition\}\s*(.*)$", stripped)
        directive = re.match(
            r"^(`{3,})\{(exercise|exercise-start|exercise-end)\}\s*(.*)$", stripped
        )
        if admonition:
            out += [f"> **{admonition.group(1)}**", ">"]
            quote, skip_options = True, True
            continue
        if quote and re.fullmatch(r":{3,}", stripped):
            quote = False
            continue
        if directive:
            fence, name, title = directive.groups()
            if name != "exercise-end":
                out.append(f"### Exercise: {title}".rstrip())
            skip_options, drop_fence = True, fence
            continue
        if skip_options and re.match(r"^:[\w-]+:", stripped):
            continue
        if skip_options and not stripped and out and out[-1] == ">":
            continue
        skip_options = False
        if drop_fence and stripped == drop_fence:
            drop_fence = None
            continue
        out.append(f"> {line}".rstrip() if quote else line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def cited_keys(text: str) -> list[str]:
    """The source ids cited with ``{cite}`` roles in ``text``, in order, once each."""
    keys: list[str] = []
    for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
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
    lines = [
        "## Sources cited in this chapter",
        "",
        "Square brackets in the text, such as [article], point to these entries "
        "(the book's references page lists them all).",
        "",
    ]
    for key in keys:
        row = sources[key]
        date = row["date_published"] or "no date given"
        line = f"- **{key}**: {row['publisher']}, *{row['title']}* ({date})"
        if row["url"]:
            line += f", <{row['url']}>"
        lines.append(line)
    return "\n".join(lines)


def _chapters(root: Path) -> list[Path]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [
        c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])
    ]
    paths = [root / f"{name}.md" for name in names if name.startswith("chapters/")]
    return [p for p in paths if "kernelspec:" in p.read_text(encoding="utf-8")[:800]]


def write_student_edition(root: Path, target: Path) -> list[Path]:
    """Write the student notebooks and ``gba-book-student.zip`` into ``target``.

    Parameters
    ----------
    root : pathlib.Path
        The book's root folder (with ``_toc.yml``).
    target : pathlib.Path
        Output folder, created if needed; old notebooks in it are replaced.

    Returns
    -------
    list of pathlib.Path
        The notebooks written, then the zip.
    """
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.ipynb"):
        old.unlink()
    written = []
    sources = read_sources(root / "data" / "sources.csv")
    for chapter in _chapters(root):
        source = jupytext.read(chapter)
        values = glued_values(source, chapter.parent)
        notebook = strip_solutions(source)
        keys = cited_keys(
            "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        )
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = plain_markdown(cell.source, values)
        if keys:
            notebook.cells.append(
                nbformat.v4.new_markdown_cell(sources_cell(keys, sources))
            )
        path = target / f"{chapter.stem}.ipynb"
        nbformat.write(notebook, path)
        written.append(path)
    archive = target / "gba-book-student.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in written:
            info = zipfile.ZipInfo(
                f"gba-book-student/{path.name}", date_time=(2026, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    return [*written, archive]
