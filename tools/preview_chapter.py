"""Build a one-chapter preview of the book in a scratch folder, then screenshot it.

Usage: python tools/preview_chapter.py chapters/NAME.md [OUTDIR]

For authors working on one chapter (several can work at once): it executes the chapter
the way the book does, under -W, without touching the repository's _build/. The
screenshot is split into numbered PNG slices in OUTDIR (default /tmp/preview-NAME).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from book.build import command

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    chapter = Path(sys.argv[1])
    name = chapter.stem
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/preview-{name}")
    book = out / "book"
    shutil.rmtree(book, ignore_errors=True)
    (book / "chapters").mkdir(parents=True)
    # cross-references to other chapters cannot resolve in a one-chapter build: the
    # full build (make book) checks them
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extra = config.setdefault("sphinx", {}).setdefault("config", {})
    extra["suppress_warnings"] = ["ref.ref", "ref.doc", "ref.term"]
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copy2(ROOT / "intro.md", book)
    shutil.copy2(ROOT / chapter, book / "chapters" / chapter.name)
    (book / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nchapters:\n  - file: chapters/{name}\n",
        encoding="utf-8",
    )
    result = subprocess.run(command(book), capture_output=True, text=True)
    log = out / "build.log"
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        print(result.stdout[-6000:], result.stderr[-3000:])
        reports = book / "_build" / "html" / "reports"
        for report in sorted(reports.glob("**/*.err.log")) if reports.exists() else []:
            print(report.read_text()[-4000:])
        print(f"BUILD FAILED (log: {log})")
        return 1
    html = book / "_build" / "html"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshot.py"), str(out),
         f"chapters/{name}.html", "--html", str(html)],
        check=True,
    )  # fmt: skip
    from PIL import Image

    shot = out / f"chapters_{name}.png"
    image = Image.open(shot)
    step = 1800
    for index in range((image.size[1] + step - 1) // step):
        box = (0, index * step, image.size[0], min(image.size[1], (index + 1) * step))
        image.crop(box).save(out / f"slice_{index}.png")
    print(f"built OK; screenshots: {out}/slice_*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
