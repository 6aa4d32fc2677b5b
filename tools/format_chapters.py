"""Format the code cells of the chapters with ruff, 79 characters wide (make lint).

A chapter's code is read on a page about 80 characters wide (and in JupyterLab), so
its cells are formatted narrower than the package's 88. Only the code between
```{code-cell} and ``` changes; cell options (``:tags:``) and prose stay as written.

    python tools/format_chapters.py          # rewrite the chapters
    python tools/format_chapters.py --check  # list the cells that would change
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 79
CELL = re.compile(r"(```\{code-cell\}[^\n]*\n)((?::[^\n]*\n)*\n?)(.*?)(\n```)", re.S)


def comments_above(code: str) -> str:
    """Move a trailing comment that makes its line too long onto a line of its own.

    Otherwise the formatter splits the code to make room for the comment.
    """
    lines = []
    for line in code.splitlines():
        code_part, sep, comment = line.rpartition("  # ")
        if len(line) > WIDTH and sep and code_part.strip() and "fmt:" not in comment:
            indent = line[: len(line) - len(line.lstrip())]
            lines += [f"{indent}# {comment}", code_part.rstrip()]
        else:
            lines.append(line)
    return "\n".join(lines)


def format_code(code: str, where: str) -> str:
    """The cell's code as ruff formats it (Python, 79 characters)."""
    code = comments_above(code)
    result = subprocess.run(
        [
            sys.executable, "-m", "ruff", "format", f"--line-length={WIDTH}",
            "--stdin-filename", "cell.py", "-",
        ],
        input=code + "\n", capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{where}: ruff cannot format this cell:\n{result.stderr}")
    return result.stdout.rstrip("\n")


def format_chapter(text: str, name: str) -> tuple[str, int]:
    """The chapter with every code cell formatted, and how many cells changed."""
    changed = 0

    def one(match: re.Match[str]) -> str:
        nonlocal changed
        head, options, code, tail = match.groups()
        line = text[: match.start()].count("\n") + 1
        new = format_code(code, f"{name}:{line}")
        changed += new != code
        return head + options + new + tail

    return CELL.sub(one, text), changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    dirty = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        new, changed = format_chapter(text, path.name)
        if changed:
            dirty.append(f"{path.relative_to(ROOT)}: {changed} cell(s)")
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and dirty:
        print("chapter code not formatted (run python tools/format_chapters.py):")
        print("\n".join(f"  {line}" for line in dirty))
        return 1
    print("\n".join(dirty) or "chapter code formatted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
