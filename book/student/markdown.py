"""The book's MyST Markdown as plain Markdown, and the list of the sources it cites."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from book.descriptor import web_address
from book.markup import markdown_text
from book.student.answers import text

__all__ = ["cited_keys", "plain_markdown", "read_sources", "sources_cell"]

_CITE = r"\{cite(?::\w+)?\}`([^`]+)`"


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


def _roles(source: str, values: dict) -> str:
    """Glued figures written in, references as their text, citations as [ids]."""
    source = re.sub(r"\{glue:text\}`([^`]+)`", lambda m: _glue(values, m), source)
    source = re.sub(r"\{glue(?::any)?\}`([^`]+)`", lambda m: _glue(values, m), source)
    source = re.sub(
        r"\{(?:term|ref|doc|numref)\}`(?:([^`<]+?)\s*<[^`]+>|([^`]+))`",
        lambda m: (m.group(1) or m.group(2)).strip(),
        source,
    )
    source = re.sub(
        _CITE, lambda m: "[" + "; ".join(cited_keys(m.group(0))) + "]", source
    )
    source = re.sub(r"^\(.+\)=\s*$\n?", "", source, flags=re.M)  # targets
    return re.sub(r"^%.*$\n?", "", source, flags=re.M)  # MyST comments


def _quotes(source: str) -> list[str]:
    """The lines of ``source`` with each admonition written as a quote."""
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
    return out


def plain_markdown(source: str, values: dict | None = None) -> str:
    """Turn the book's MyST Markdown into Markdown that JupyterLab renders."""
    lines = _quotes(_roles(source, values or {}))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def cited_keys(source: str) -> list[str]:
    """The source ids cited with ``{cite}`` roles in ``source``, in order, once each."""
    keys: list[str] = []
    for group in re.findall(_CITE, source):
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
