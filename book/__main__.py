"""Command line: ``python -m book validate | build | vendor | student | grade``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args: argparse.Namespace) -> int:
    from book.data import check, data_dir

    root = Path(args.data).resolve() if args.data else data_dir()
    print(f"Validating the data package in {root}")
    tables, findings = check(root)
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


def _build(args: argparse.Namespace) -> int:
    from book.build import ROOT, build

    source = Path(args.source) if args.source else ROOT
    if not (source / "_toc.yml").exists():
        print(f"python -m book build needs a book: no _toc.yml in {source}")
        return 2
    return build(source, builder=args.builder)


def _vendor(args: argparse.Namespace) -> int:
    from book.vendor import ensure_vendor

    for path in ensure_vendor(verbose=True):
        print(path)
    return 0


def _student(args: argparse.Namespace) -> int:
    from book.student import write_student_edition

    root = Path(__file__).resolve().parent.parent
    if not (root / "_toc.yml").exists():
        print("python -m book student needs the book's repository (its chapters)")
        return 2
    target = Path(args.out).resolve() if args.out else root / "_build" / "student"
    print(f"Writing the student edition into {target} (each chapter runs once)")
    paths = write_student_edition(root, target, package=not args.no_package)
    for path in paths:
        print(f"  {path.name}")
    zipped = "" if args.no_package else " and the student package"
    notebooks = len([p for p in paths if p.suffix == ".ipynb"])
    print(f"Student edition: {notebooks} notebooks{zipped} in {target}")
    return 0


def _binder_settings(args: argparse.Namespace) -> int:
    from book.binder import main

    return main()


def _grade(args: argparse.Namespace) -> int:
    import time

    from book.grade import grade_folder, load_references, summarise, write_csvs

    root = Path(__file__).resolve().parent.parent
    reference = Path(args.reference) if args.reference else root / "_build" / "student"
    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(f"no such folder of submissions: {submissions}")
        return 2
    references = load_references(reference) if reference.is_dir() else {}
    if not references:
        print(
            f"no student notebooks to grade against in {reference}: run "
            "'make student' in the book's repository, or pass --reference FOLDER "
            "(the unzipped student package)"
        )
        return 2
    if args.chapter and args.chapter not in references:
        known = ", ".join(sorted(references))
        print(f"unknown chapter '{args.chapter}'; the reference has: {known}")
        return 2
    start = time.monotonic()
    print(f"Grading {submissions} against {reference} (a clean kernel per notebook)")
    rows = grade_folder(
        submissions.resolve(),
        references,
        args.chapter,
        jobs=args.jobs,
        timeout=args.timeout,
        deadline=args.deadline,
    )
    grades, summary = write_csvs(rows, Path(args.out))
    files = len({row.file for row in rows})
    print(
        f"\nGraded {files} file(s) in {time.monotonic() - start:.0f} s: "
        f"{grades} ({len(rows)} rows), {summary}"
    )
    print(
        f"\n{'exercise':<9} {'correct':>9} {'close':>6} {'wrong':>6} "
        f"{'blank':>6} {'to grade':>9} {'problems':>9}"
    )
    for item in summarise(rows):
        correct = f"{item['correct']}/{item['submissions']}"
        print(
            f"{item['exercise']:<9} {correct:>9} {item['close']:>6} "
            f"{item['wrong']:>6} {item['unanswered']:>6} {item['to_grade']:>9} "
            f"{item['problems']:>9}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m book", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="check data/ against every rule")
    p_validate.add_argument("--data", help="data folder (default: the book's data/)")
    p_validate.set_defaults(func=_validate)
    p_build = sub.add_parser("build", help="build the book; warnings are errors")
    p_build.add_argument("--builder", default="html", help="html (default), linkcheck")
    p_build.add_argument("--source", help="the book's folder (default: the repository)")
    p_build.set_defaults(func=_build)
    p_vendor = sub.add_parser(
        "vendor", help="fetch the pinned Vega JavaScript from the npm registry"
    )
    p_vendor.set_defaults(func=_vendor)
    p_student = sub.add_parser(
        "student", help="write the chapters as notebooks without solutions, and a zip"
    )
    p_student.add_argument("--out", help="output folder (default: _build/student)")
    p_student.add_argument(
        "--no-package", action="store_true", help="write the notebooks only, no zip"
    )
    p_student.set_defaults(func=_student)
    p_binder = sub.add_parser(
        "binder-settings", help="merge the book's JupyterLab settings (postBuild)"
    )
    p_binder.set_defaults(func=_binder_settings)
    p_grade = sub.add_parser(
        "grade",
        help="re-run submitted notebooks with the checks; write grades.csv",
    )
    p_grade.add_argument("submissions", help="folder of submitted notebooks")
    p_grade.add_argument("--chapter", help="the chapter assigned, e.g. platforms")
    p_grade.add_argument(
        "--reference",
        help="folder of the student notebooks as handed out (default: _build/student)",
    )
    p_grade.add_argument(
        "--out", default=".", help="where to write the two CSV files (default: .)"
    )
    p_grade.add_argument(
        "--jobs", type=int, help="notebooks graded at once (default: one per core)"
    )
    p_grade.add_argument(
        "--timeout", type=int, default=60, help="seconds one cell may run (60)"
    )
    p_grade.add_argument(
        "--deadline", type=int, default=300, help="seconds one notebook may run (300)"
    )
    p_grade.set_defaults(func=_grade)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
