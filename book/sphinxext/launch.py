"""Running a chapter: Binder configuration and the links under each chapter's title.

Every way of running a chapter gives the student edition (:mod:`book.student`): the
links under its title (student notebook, student package, Binder), the theme's
".ipynb" download and the theme's Binder button. Binder needs the repository's
address, which the Pages workflow passes as ``GBA_BOOK_REPOSITORY=owner/name`` (and
``GBA_BOOK_BRANCH``); a local build without it offers the downloads only.

The links and buttons are changed in the page the theme has made, so they are
checked patches (:mod:`book.sphinxext.patches`): a chapter page must have a title to
put the links under and a notebook download to re-point, and, when the repository is
known, a Binder button.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from book.sphinxext.downloads import NOTEBOOKS, PACKAGE, PACKAGE_ZIP
from book.sphinxext.patches import Page, Patch

BINDER = "https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{path}"
STUDENT_DIR = "student"  # where binder/postBuild writes the student notebooks


def repository() -> tuple[str, str] | None:
    """``(owner/name, branch)`` from ``GBA_BOOK_REPOSITORY``, if the book knows it.

    The publishing workflow sets it from GitHub; a local build has no repository
    address to launch Binder from, so it offers downloads only.
    """
    repo = os.environ.get("GBA_BOOK_REPOSITORY", "").strip().strip("/")
    if not repo or repo.count("/") != 1:
        return None
    return repo, os.environ.get("GBA_BOOK_BRANCH", "main")


def configure_launch(app: Sphinx | None, config: Config) -> None:
    """Point the theme's repository and launch buttons at the repository, if known."""
    found = repository()
    options = config.html_theme_options
    if not found:  # else the theme would launch its own default repository
        options.get("launch_buttons", {}).pop("binderhub_url", None)
        return
    repo, branch = found
    options["repository_url"] = f"https://github.com/{repo}"
    options["repository_branch"] = branch
    options.setdefault("launch_buttons", {})["binderhub_url"] = "https://mybinder.org"


def find_chapters(app: Any) -> None:
    """Number the chapters once per build, as the web book and the notebooks do."""
    from book.student import chapters

    app.gba_chapters = {
        f"chapters/{chapter.stem}": chapter for chapter in chapters(Path(app.srcdir))
    }


def binder_url(notebook_name: str) -> str | None:
    """Binder's address for a student notebook, when the repository is known."""
    found = repository()
    if not found:
        return None
    path = f"{STUDENT_DIR}/{notebook_name}"
    return BINDER.format(repo=found[0], branch=found[1], path=path)


def _chapter(page: Page) -> Any:
    """The page's chapter (from :func:`find_chapters`), or None."""
    return getattr(page.app, "gba_chapters", {}).get(page.pagename)


def _buttons(items: list[Any]) -> list[dict[str, Any]]:
    """Every button in the theme's header buttons, groups opened."""
    found = []
    for item in items:
        if isinstance(item, dict):
            found.append(item)
            found += _buttons(item.get("buttons", []))
    return found


def _is_binder(button: dict[str, Any]) -> bool:
    return "mybinder.org/v2/" in str(button.get("url", ""))


def _banner(notebook_name: str) -> str:
    links = [
        f'<a href="../{NOTEBOOKS}/{notebook_name}" download>student notebook</a>',
        f'<a href="../{PACKAGE}/{PACKAGE_ZIP}" download>student package (zip)</a>',
    ]
    url = binder_url(notebook_name)
    if url:
        links.append(f'<a href="{url}">launch in Binder</a>')
    return (
        '<p class="gba-run-links">Run this chapter yourself: '
        + " · ".join(links)
        + "</p>"
    )


@dataclass(frozen=True, kw_only=True)
class RunLinks(Patch):
    """Put the run links right after a chapter's ``</h1>``."""

    def apply(self, page: Page) -> int:
        """Insert the links; return 1, or 0 when there is no title."""
        chapter = _chapter(page)
        body = page.context.get("body")
        end = body.find("</h1>") if chapter and body else -1
        if end == -1:
            return 0
        end += len("</h1>")
        page.context["body"] = body[:end] + _banner(chapter.notebook_name) + body[end:]
        return 1


@dataclass(frozen=True, kw_only=True)
class NotebookButton(Patch):
    """Point the theme's ".ipynb" download at the chapter's student notebook."""

    def apply(self, page: Page) -> int:
        """Re-point the download buttons; return how many."""
        chapter = _chapter(page)
        if chapter is None or "body" not in page.context:
            return 0
        count = 0
        for button in _buttons(page.context.get("header_buttons", [])):
            if button.get("label") == "download-notebook-button":
                button["url"] = f"../{NOTEBOOKS}/{chapter.notebook_name}"
                button["tooltip"] = "Download the student notebook (no solutions)"
                count += 1
        return count


@dataclass(frozen=True, kw_only=True)
class BinderButtons(Patch):
    """Point a chapter's Binder button at its student notebook; drop the others.

    Other executable pages (the teacher's guide) have no student notebook: nothing
    to launch in Binder.
    """

    def apply(self, page: Page) -> int:
        """Re-point or remove the Binder buttons; return how many."""
        chapter = _chapter(page)
        buttons = page.context.get("header_buttons", [])
        if chapter is None:
            kept = [b for b in buttons if not any(map(_is_binder, _buttons([b])))]
            count = len(buttons) - len(kept)
            buttons[:] = kept
            return count
        if "body" not in page.context:
            return 0
        binder = [button for button in _buttons(buttons) if _is_binder(button)]
        for button in binder:
            button["url"] = binder_url(chapter.notebook_name) or button["url"]
        return len(binder)


def _on_a_chapter(page: Page) -> int:
    return int(_chapter(page) is not None and "body" in page.context)


PATCHES: tuple[Patch, ...] = (
    RunLinks(
        name="run-links",
        looks_for="the chapter's title (</h1>)",
        why="the student notebook, package and Binder links go under it",
        expect=_on_a_chapter,
    ),
    NotebookButton(
        name="notebook-button",
        looks_for="the theme's header button labelled download-notebook-button",
        why="the download must be the student notebook, without solutions",
        # the theme offers the .ipynb only with a launch provider, i.e. a repository
        expect=lambda page: _on_a_chapter(page) if repository() else 0,
        needed=lambda app: repository() is not None,
    ),
    BinderButtons(
        name="binder-button",
        looks_for="the theme's header button linking to mybinder.org/v2/",
        why="Binder must open the chapter's student notebook",
        expect=lambda page: _on_a_chapter(page) if repository() else 0,
        needed=lambda app: repository() is not None,
    ),
)
