"""At the end of the build, write data/, the student notebooks and the package.

The notebooks take their figures from the build's own execution of each chapter
(myst-nb's ``_build/jupyter_execute/<chapter>.glue.json``), so nothing runs twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from book.package import PACKAGE_NAME

logger = logging.getLogger(__name__)

NOTEBOOKS = "_downloads/notebooks"  # the student notebooks on the site
PACKAGE = "downloads"  # the student package on the site
PACKAGE_ZIP = f"{PACKAGE_NAME}.zip"


def _copy_data(out: Path) -> None:
    from book.data import data_dir

    data_out = out / "data"
    data_out.mkdir(exist_ok=True)
    for path in sorted(data_dir().iterdir()):
        if path.suffix in (".csv", ".json"):
            shutil.copy2(path, data_out / path.name)


def _built_values(executed: Path) -> Any:
    """``values(chapter)``: the figures the build glued into a chapter."""
    from book.student import built_glue_values

    def values(chapter: Any) -> dict[str, Any]:
        path = executed / "chapters" / f"{chapter.stem}.glue.json"
        if not path.exists():
            raise ExtensionError(
                f"[gba] no figures recorded for {chapter.stem} at {path}: run "
                "'make clean' and build again"
            )
        return built_glue_values(path)

    return values


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Write data/, the student notebooks and the student package into the site."""
    if exception is not None or app.builder.format != "html":
        return
    from book.package import write_package
    from book.student import write_student_edition

    out = Path(app.outdir)
    _copy_data(out)
    values = _built_values(out.parent / "jupyter_execute")
    written = write_student_edition(
        Path(app.srcdir), out / NOTEBOOKS, values=values, package=False
    )
    write_package(written, out / PACKAGE / PACKAGE_ZIP)
    # the theme copies each chapter's executed author notebook (with its solutions)
    # next to the sources; nothing links to those copies any more
    for stale in (out / "_sources" / "chapters").glob("*.ipynb"):
        stale.unlink()
    logger.info(
        "[gba] student notebooks (%d) and %s written", len(written), PACKAGE_ZIP
    )
