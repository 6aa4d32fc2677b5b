"""Validate the data package before anything is read or written.

On any violation the build stops with file, row, column and rule, and nothing is
written (``gba_validate_data = False`` in the Sphinx configuration skips it).
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

from book.render import BUILD_ENV

logger = logging.getLogger(__name__)


def validate_data(app: Sphinx, config: Config) -> None:
    """Stop the build on any broken rule of ``data/`` (config-inited)."""
    # Kernels started by the build inherit this: live-only widgets then render a
    # note instead of dead controls (book.widgets).
    os.environ.setdefault(BUILD_ENV, "1")
    if not config.gba_validate_data:
        return
    from book.data import DataValidationError, data_dir, load

    root = data_dir()
    try:  # every rule; the build's own steps then read the data loaded here
        load(root)
        findings = []
    except DataValidationError as error:
        findings = error.findings
    if findings:
        lines = "\n".join(f"  {f}" for f in findings)
        raise ExtensionError(
            f"the data package in {root} breaks {len(findings)} rule(s); nothing "
            f"was built. Fix these (row numbers count the header as row 1):\n{lines}"
        )
    logger.info("[gba] data package valid: %s", root)
