"""Accessible HTML for two nodes of other packages, written by the book's own visitors.

Sphinx lets an extension replace the function that writes a node's HTML
(``app.add_node(..., override=True)``). That is sturdier than rewriting the HTML
afterwards: nothing has to match, so nothing can silently stop matching.

* myst-nb's "Show code cell source" toggle labels its ``<summary>`` "Toggle hidden
  content"; the accessible name must contain the visible text (WCAG 2.5.3; axe:
  label-content-name-mismatch), so the summary gets no label of its own.
* docutils wraps citations in ``role="list"``, whose children would need
  ``role="listitem"`` (axe: aria-required-children), and gives each
  ``role="doc-biblioentry"``, which ARIA 1.3 deprecates (axe: aria-deprecated-role).
  The book's bibliography keeps the same elements without the two roles.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator
from sphinx.application import Sphinx

__all__ = ["register"]


def visit_hidden_cell(self: HTMLTranslator, node: nodes.Element) -> None:
    """Open myst-nb's collapsed cell, as myst-nb does but without an aria-label."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    for state, prompt in (("collapsed", "prompt_show"), ("expanded", "prompt_hide")):
        self.body.append(
            f'<p class="{state} admonition-title">{escape(node[prompt])}</p>\n'
        )
    self.body.append("</summary>\n")


def depart_hidden_cell(self: HTMLTranslator, node: nodes.Element) -> None:
    """Close the collapsed cell."""
    self.body.append("</details>\n")


def visit_citation(self: HTMLTranslator, node: nodes.Element) -> None:
    """Open a citation (and, before the first of a run, their list) without roles."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname]))


def register(app: Sphinx) -> None:
    """Install the visitors (call after myst-nb has registered its node)."""
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(
        HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell)
    )
    # docutils' own depart closes the list after the last citation of a run
    app.add_node(
        nodes.citation,
        override=True,
        html=(visit_citation, HTMLTranslator.depart_citation),
    )
