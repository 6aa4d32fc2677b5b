"""Command line: ``python -m book validate | vendor | student``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from book.data import data_dir
    from book.rules import check_package

    root = Path(args.data).resolve() if args.data else data_dir()
    print(f"Validating the data package in {root}")
    tables, findings = check_package(root)
    for table in tables.values():
        print(f"  {table.path:<26} {len(table.records):>6} rows")
    if findings:
        print(
            f"\nFAILED: {len(findings)} problem(s). Each names file, row, column, rule:"
        )
        for finding in findings:
            print(f"  {finding}")
        print(
            "\nRow numbers count the header as row 1 (they match your editor's lines)."
        )
        return 1
    rows = sum(len(t.records) for t in tables.values())
    print(f"OK: {len(tables)} resources, {rows} rows, every rule passed.")
    return 0


def _vendor(args: argparse.Namespace) -> int:
    from book.vendor import ensure_vendor

    for path in ensure_vendor(verbose=True):
        print(path)
    return 0


def _student(args: argparse.Namespace) -> int:
    from book.student import write_student_edition

    root = Path(__file__).resolve().parent.parent
    target = Path(args.out).resolve() if args.out else root / "_build" / "student"
    paths = write_student_edition(root, target)
    for path in paths:
        print(f"  {path.name}")
    print(f"Student edition: {len(paths) - 1} notebooks and a zip in {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m book", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="check data/ against every rule")
    p_validate.add_argument("--data", help="data folder (default: the book's data/)")
    p_validate.set_defaults(func=_validate)
    p_vendor = sub.add_parser(
        "vendor", help="fetch the pinned Vega JavaScript from the npm registry"
    )
    p_vendor.set_defaults(func=_vendor)
    p_student = sub.add_parser(
        "student", help="write the chapters as notebooks without solutions, and a zip"
    )
    p_student.add_argument("--out", help="output folder (default: _build/student)")
    p_student.set_defaults(func=_student)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
