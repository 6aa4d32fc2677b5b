"""Checked patches: the few rewrites of HTML that other packages write.

Most of what the book changes in the theme is done the supported way: template
overrides in ``book/templates/`` and node visitors (:mod:`book.sphinxext.visitors`).
What is left rewrites a page's HTML or asset lists after the theme has made them. A
rewrite by string or pattern silently does nothing once the markup it looks for
changes (a new theme, pandas or myst-nb), so every rewrite here is a :class:`Patch`
that knows what it expects to find, and the build checks it:

* **Per page.** Each patch says, from what it can see *besides* the HTML it rewrites
  (the page's doctree, the environment, the chapter list), how many matches it must
  find on the page. Fewer matches is a Sphinx warning naming the patch, the page and
  the markup it looked for.
* **Per build.** When a build has written every page, a patch that matched nothing
  on any page is a warning too: either the markup changed in a way the page check
  could not see, or the patch is dead and should go. (Not checked under ``-j``:
  pages written in other processes report no counts back.)

The book builds with ``-W``, so either warning fails the build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """What a patch sees of one page being written (Sphinx's html-page-context)."""

    app: Any
    pagename: str
    context: dict[str, Any]
    doctree: nodes.document | None = None


def _always(app: Any) -> bool:
    return True


@dataclass(frozen=True, kw_only=True)
class Patch:
    """A rewrite of markup another package writes, which knows what it expects.

    Parameters
    ----------
    name : str
        Short name, used in warnings.
    looks_for : str
        The markup it looks for, as a reader of a warning should see it.
    why : str
        What the rewrite fixes.
    expect : callable
        ``expect(page) -> int``: how many matches the page must have, judged
        without the HTML being rewritten.
    needed : callable
        ``needed(app) -> bool``: whether a full build must match it somewhere.

    """

    name: str
    looks_for: str
    why: str
    expect: Callable[[Page], int]
    needed: Callable[[Any], bool] = _always

    def apply(self, page: Page) -> int:
        """Rewrite the page in place; return the number of matches."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class BodyPatch(Patch):
    """Replace a regular expression in the page's body HTML."""

    pattern: Any  # re.Pattern[str]
    replacement: str

    def apply(self, page: Page) -> int:
        """Substitute every match in ``context["body"]``; return how many."""
        if "body" not in page.context:
            return 0
        page.context["body"], count = self.pattern.subn(
            self.replacement, page.context["body"]
        )
        return count


@dataclass(frozen=True, kw_only=True)
class AssetPatch(Patch):
    """Drop scripts or stylesheets from the page's asset lists."""

    keys: tuple[str, ...]  # of "script_files", "css_files"
    drop: Callable[[Any], bool] = field(repr=False)

    def apply(self, page: Page) -> int:
        """Remove the matching assets in place; return how many."""
        count = 0
        for key in self.keys:
            assets = page.context.get(key, [])
            kept = [asset for asset in assets if not self.drop(asset)]
            count += len(assets) - len(kept)
            assets[:] = kept
        return count


def check_page(patches: Sequence[Patch], page: Page) -> tuple[Counter[str], list[str]]:
    """Apply every patch to one page; return the matches per patch and the problems.

    A problem is a patch that found fewer matches than the page says it has.
    """
    matched: Counter[str] = Counter()
    problems = []
    for patch in patches:
        expected = patch.expect(page)
        count = patch.apply(page)
        matched[patch.name] += count
        if count < expected:
            problems.append(
                f"[gba] patch '{patch.name}' found {count} of the {expected} "
                f"match(es) this page should have: the markup it looks for, "
                f"{patch.looks_for}, has changed. It exists because {patch.why}; "
                "update it in book/sphinxext/"
            )
    return matched, problems


def unmatched(patches: Sequence[Patch], matched: Counter[str], app: Any) -> list[str]:
    """Problems of a full build: every needed patch that matched nowhere."""
    return [
        f"[gba] patch '{patch.name}' matched no page of a build of every page: "
        f"none has {patch.looks_for} any more. It exists because {patch.why}; "
        "update or remove it in book/sphinxext/"
        for patch in patches
        if patch.needed(app) and matched[patch.name] == 0
    ]


@dataclass
class _Log:
    """What the patches did in this build (only in the main process under -j)."""

    patches: Sequence[Patch]
    matched: Counter[str] = field(default_factory=Counter)
    pages: set[str] = field(default_factory=set)


def _apply(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    log: _Log = app.gba_patches  # type: ignore[attr-defined]
    matched, problems = check_page(log.patches, Page(app, pagename, context, doctree))
    log.matched.update(matched)
    log.pages.add(pagename)
    for problem in problems:
        logger.warning(problem, location=pagename, type="gba", subtype="patch")


def _check_build(app: Sphinx, exception: Exception | None) -> None:
    log: _Log = app.gba_patches  # type: ignore[attr-defined]
    if exception is not None or app.builder.format != "html" or app.parallel > 1:
        return
    counts = ", ".join(f"{p.name} {log.matched[p.name]}" for p in log.patches)
    logger.info("[gba] patches on %d page(s): %s", len(log.pages), counts)
    if not app.env.found_docs <= log.pages:
        return  # an incremental build: the page checks cover what was written
    for problem in unmatched(log.patches, log.matched, app):
        logger.warning(problem, type="gba", subtype="patch")


def connect(app: Sphinx, patches: Sequence[Patch], priority: int = 600) -> None:
    """Apply and check ``patches`` on every page the HTML builder writes."""
    app.gba_patches = _Log(tuple(patches))  # type: ignore[attr-defined]
    app.connect("html-page-context", _apply, priority=priority)
    app.connect("build-finished", _check_build)
