"""Content rules for chapters: structure, glued numbers, every article figure used.

* Every figure of the source article (a row of data/article_facts.csv) is used by at
  least one chapter, which names its ``fact_id``.
* Prose never types a number: numbers come from data/ through ``{glue:text}``. Years
  (1949-2035) are allowed, and each chapter may list other typed numbers that are
  not data (a reading time, "top 100" as a list's name) in its front matter under
  ``gba: typed_numbers``.
* Every chapter opens with objectives and prerequisites and closes with a summary,
  key terms and exercises; every auto-checked exercise exists and is used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_chapters import NOTEBOOKS

from book import data, exercises

CHAPTERS = [p for p in NOTEBOOKS if p.parent.name == "chapters"]
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def prose(path: Path) -> str:
    """The chapter's Markdown text without code, glue, options, links or math."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^---\n.*?\n---\n", "", text, count=1, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)  # code cells
    text = re.sub(r"```[^\n{]*\n.*?\n```", "", text, flags=re.S)  # plain code blocks
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", "", text)  # roles: glue, term, ref ...
    text = re.sub(r"`[^`]*`", "", text)  # inline code
    text = re.sub(r"^\s*:[\w-]+:.*$", "", text, flags=re.M)  # directive options
    text = re.sub(r"^\(.*\)=\s*$", "", text, flags=re.M)  # labels
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"\$[^$\n]*\$", "", text)  # inline math
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^\s*\d+\.\s", "", text, flags=re.M)  # numbered list markers
    return text


def typed_numbers(path: Path) -> list[str]:
    allowed = set((front_matter(path).get("gba") or {}).get("typed_numbers", []))
    found = []
    text = prose(path)
    for match in NUMBER.finditer(text):
        token = match.group(0)
        following = text[match.end() : match.end() + 40].split()
        phrase = f"{token} {following[0]}" if following else token
        if re.fullmatch(r"(19[4-9]\d|20[0-3]\d)", token):
            continue  # a year
        if token in allowed or phrase in allowed or phrase.rstrip(".,;:)") in allowed:
            continue
        found.append(phrase)
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_prose_takes_its_numbers_from_data(path: Path) -> None:
    found = typed_numbers(path)
    assert not found, (
        f"{path.name} types numbers in its prose: {found}. Glue them from data/ "
        "({glue:text}`name`), or, if they are not data, list them under "
        "gba: typed_numbers in the front matter"
    )


def test_the_typed_number_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\ngba:\n  typed_numbers: ['45 minutes']\n---\n# T\n\nShenzhen has 25,000 "
        "firms and 1.5% growth, in 2024, read in 45 minutes.\n\n```{code-cell} ipython3\n"
        "x = 99\n```\nGlued {glue:text}`x` is fine.\n",
        encoding="utf-8",
    )
    assert typed_numbers(page) == ["25,000 firms", "1.5% growth,"]


def test_every_article_figure_is_used_in_a_chapter() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in CHAPTERS)
    unused = [f for f in data.load().facts["fact_id"] if f not in sources]
    assert not unused, f"article figures no chapter uses: {unused}"


def test_every_auto_checked_exercise_exists_and_is_used() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in CHAPTERS)
    called = set(re.findall(r"exercises\.check\(\s*\"([\w-]+)\"", sources))
    known = set(exercises.registry())
    assert called <= known, f"chapters check unknown exercises: {called - known}"
    assert known <= called, f"exercises no chapter uses: {known - called}"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_structure(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "In this chapter you will" in text, "learning objectives"
    assert "Before you start" in text, "prerequisites"
    for heading in ("## Summary", "## Key terms", "## Exercises"):
        assert heading in text, heading
    assert "What the data says" in text
    exercises_count = len(re.findall(r"```\{exercise(?:-start)?\}", text))
    assert exercises_count >= 4, f"{exercises_count} exercises"
    solutions = len(re.findall(r"```\{solution(?:-start)?\}", text))
    assert solutions >= exercises_count - 1, "solutions missing"
    assert text.count(":class: dropdown") >= solutions, "solutions must be collapsed"
    # key terms carry Chinese
    terms = text.split("## Key terms", 1)[1].split("## Exercises", 1)[0]
    assert re.search(r"[\u4e00-\u9fff]", terms)


def test_toc_lists_every_chapter() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    chapters = sorted((ROOT / "chapters").glob("*.md"))
    assert chapters, "no chapters found"
    for path in chapters:
        assert f"chapters/{path.stem}" in toc, path.name
