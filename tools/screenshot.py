"""Screenshot pages of the built book in headless Chromium (for looking, not testing).

Usage: python tools/screenshot.py OUTDIR PAGE [PAGE ...] [--dark] [--width 1280]
       [--figures]
       [--html DIR]
PAGE is a path under _build/html, e.g. chapters/bay-at-a-glance.html. Serves the book
on 127.0.0.1 and blocks every other host, as the browser tests do.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HTML = Path(__file__).resolve().parent.parent / "_build" / "html"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument(
        "--figures", action="store_true", help="one picture per chart, not the page"
    )
    parser.add_argument(
        "--html", default=str(HTML), help="built site (default: _build/html)"
    )
    args = parser.parse_args()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=args.html)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page(
            viewport={"width": args.width, "height": 900},
            color_scheme="dark" if args.dark else "light",
        )
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(base) else r.abort(),
        )
        page.on(
            "console",
            lambda m: (
                print("console:", m.type, m.text)
                if m.type in ("error", "warning")
                else None
            ),
        )
        for name in args.pages:
            page.goto(base + name)
            if args.dark:
                page.evaluate("document.documentElement.dataset.theme = 'dark'")
            page.wait_for_timeout(1500)
            target = out / (
                name.replace("/", "_").replace(".html", "")
                + (".dark" if args.dark else "")
                + ".png"
            )
            if args.figures:
                page.wait_for_function(
                    "document.querySelectorAll('figure.gba-chart-ready').length =="
                    " document.querySelectorAll('figure.gba-chart').length"
                )
                for i, figure in enumerate(page.locator("figure.gba-chart").all()):
                    figure.screenshot(path=str(target.with_suffix(f".{i}.png")))
            else:
                page.screenshot(path=str(target), full_page=True)
            print(target, page.locator(".vega-embed svg.marks").count(), "charts drawn")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
