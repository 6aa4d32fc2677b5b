"""Write book/contract.json: what the book's code reads from data/ (``make contract``).

Two parts, both checked by ``python -m book validate`` (book.rules):

* ``resources``: every resource the code reads, with each field's type; taken from
  ``data/datapackage.json`` as it is when the contract is written;
* ``ids``: the ids the chapters and the ``book`` package name literally
  (``d.fact("hengqin-area")``, ``"macao"``), by resource: a row a chapter looks up
  must not disappear. Found by scanning the code for string literals that are ids.

Run it after adding a resource or field the code reads, or an id a chapter names;
``tests/test_data.py`` fails while the contract is out of date.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "book" / "contract.json"
ABOUT = (
    "What the book's code reads from data/: every resource with each field's type, "
    "and the ids the chapters and the book package name. book.rules checks the data "
    "package against it, so that a package validate accepts cannot break a chapter. "
    "Written by tools/contract.py (make contract); do not edit by hand."
)


def contract(root: Path = ROOT) -> dict:
    """The contract the code and data in ``root`` imply now."""
    descriptor = json.loads(
        (root / "data" / "datapackage.json").read_text(encoding="utf-8")
    )
    resources = {
        r["name"]: {f["name"]: f.get("type", "string") for f in r["schema"]["fields"]}
        for r in descriptor["resources"]
    }
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(
            [*(root / "chapters").glob("*.md"), *(root / "book").rglob("*.py")]
        )
    )
    literals = set(re.findall(r"[\"']([A-Za-z0-9][A-Za-z0-9_.-]*)[\"']", code))
    ids = {}
    for resource in descriptor["resources"]:
        key = resource["schema"].get("primaryKey", [])
        if len(key) != 1:
            continue
        with (root / "data" / resource["path"]).open(encoding="utf-8", newline="") as f:
            present = {row[key[0]] for row in csv.DictReader(f)}
        named = sorted(literals & present)
        if named:
            ids[resource["name"]] = named
    return {"_about": ABOUT, "resources": resources, "ids": ids}


def main() -> int:
    text = json.dumps(contract(), indent=2, ensure_ascii=False) + "\n"
    CONTRACT.write_text(text, encoding="utf-8")
    found = json.loads(text)
    count = sum(len(v) for v in found["ids"].values())
    print(
        f"wrote {CONTRACT.relative_to(ROOT)}: {len(found['resources'])} resources, "
        f"{count} ids named in the code"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
