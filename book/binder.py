"""Binder set-up that ``binder/postBuild`` runs: JupyterLab settings, merged.

JupyterLab keeps user settings in JSON files that may hold comments (JSON5). The
book's settings are merged into whatever is there; a file that cannot be read is left
untouched, with a note, rather than overwritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["LAB_SETTINGS", "merge_settings", "settings_file"]

LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # open the author chapters (MyST Markdown) as notebooks, for readers who want them
    "@jupyterlab/docmanager-extension/plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    },
}


def settings_file(plugin: str, home: Path | None = None) -> Path:
    """The user-settings file of a JupyterLab plugin (``package/plugin`` id)."""
    package, _, name = plugin.rpartition("/")
    root = Path(
        os.environ.get("JUPYTERLAB_SETTINGS_DIR")
        or (home or Path.home()) / ".jupyter" / "lab" / "user-settings"
    )
    return root / package / f"{name}.jupyterlab-settings"


def _strip_comments(text: str) -> str:
    """Remove // and /* */ comments outside strings."""
    out, index, quoted = [], 0, False
    while index < len(text):
        char = text[index]
        if quoted:
            out.append(char)
            if char == "\\":
                out.append(text[index + 1 : index + 2])
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
            out.append(char)
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = len(text) if end == -1 else end
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = len(text) if end == -1 else end + 2
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _merge(base: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def merge_settings(path: Path, updates: dict[str, Any]) -> bool:
    """Merge ``updates`` into the settings file at ``path``; ``False`` if left alone."""
    current: dict[str, Any] = {}
    if path.exists():
        try:
            current = json.loads(_strip_comments(path.read_text(encoding="utf-8")))
        except (ValueError, OSError) as exc:
            print(f"note: left {path} as it is (could not read it: {exc})")
            return False
        if not isinstance(current, dict):
            print(f"note: left {path} as it is (not a settings object)")
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = _merge(current, updates)
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    return True


def main() -> int:
    """Merge the book's JupyterLab settings into the user's."""
    for plugin, updates in LAB_SETTINGS.items():
        path = settings_file(plugin)
        if merge_settings(path, updates):
            print(f"JupyterLab settings merged into {path}")
    return 0
