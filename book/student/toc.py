"""The chapters of the student edition, numbered as the web book numbers them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["Chapter", "chapters"]


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
