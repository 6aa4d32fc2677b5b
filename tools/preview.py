"""Preview charts outside the book: write specs into one HTML page and screenshot it.

Usage (from Python): ``preview([chart, ...], "/tmp/out.png")``. For authors only.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from book.embed import chart_html
from book.vendor import ensure_vendor

STATIC = Path(__file__).resolve().parent.parent / "book" / "static" / "gba"


def preview(charts: list, png: str, width: int = 1100) -> None:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    scripts = ""
    for path in ensure_vendor():
        shutil.copy(path, folder / path.name)
        scripts += f'<script src="{path.name}"></script>'
    shutil.copy(STATIC / "gba-charts.js", folder)
    shutil.copy(STATIC / "gba-charts.css", folder)
    body = "".join(chart_html(c.to_dict()) for c in charts)
    (folder / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><link rel="stylesheet" href="gba-charts.css">{scripts}'
        f'<script defer src="gba-charts.js"></script></head><body style="font-family:sans-serif;max-width:{width}px">{body}</body></html>',
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": width + 40, "height": 800})
        page.on(
            "console",
            lambda m: print("console:", m.text) if m.type == "error" else None,
        )
        page.goto((folder / "index.html").as_uri())
        page.wait_for_timeout(1500)
        page.screenshot(path=png, full_page=True)
        browser.close()
