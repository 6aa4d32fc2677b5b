"""The bibliography, generated from ``data/sources.csv`` so that it cannot drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

_LATEX = str.maketrans(
    {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": "(", "}": ")"}
)


def bibtex(sources: Any) -> str:
    """BibTeX entries for every row of ``sources.csv`` (key = source id)."""
    entries = []
    for row in sources.itertuples():
        year = str(row.date_published or "")[:4]
        fields = {
            "author": "{" + str(row.publisher).translate(_LATEX) + "}",
            "title": "{" + str(row.title).translate(_LATEX) + "}",  # keep its casing
            "year": year if year.isdigit() else "n.d.",
            # a raw field: pybtex does not parse it as LaTeX, so "%" in it is safe
            "url": row.url if isinstance(row.url, str) and row.url else "",
            "note": (
                f"Accessed {row.date_accessed}. Confidence: {row.confidence}."
            ).translate(_LATEX),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@misc{{{row.source_id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def write_bibliography(app: Sphinx, config: Config) -> None:
    """Write ``_build/references.bib`` and point sphinxcontrib-bibtex at it."""
    from book.data import load

    target = Path(app.outdir).parent / "references.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = bibtex(load().sources)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.bibtex_bibfiles = [str(target)]
