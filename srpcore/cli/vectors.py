"""``srpcore vectors verify``: check srpcore against known-answer vector files.

The replay itself lives in :mod:`srpcore.cognito.vectors`; this module reads the files, prints
one summary line per file and sets the exit status. With no file named it checks the vector
files of the source checkout, or of the installed package (the build ships them).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from srpcore.cli.output import add_output_options, printer
from srpcore.cognito.vectors import (
    DocumentResult,
    check_document,
    check_vector,
    default_vector_dir,
    iter_vectors,
    vector_files,
)
from srpcore.core.backends import get_backend
from srpcore.core.engine import Engine

__all__ = ["check_file", "check_vector", "default_vector_dir", "iter_vectors", "register"]


def check_file(path: Path, engine: Engine | None = None) -> DocumentResult:
    """Read one vector file and replay every vector in it."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        return DocumentResult("?", 0, error=f"cannot read vectors: {exc}")
    return check_document(document, engine)


def _verify(args: argparse.Namespace) -> int:
    structured = args.output is not None or args.query is not None
    out = printer(args, title="VerifyVectors") if structured else None
    directory = default_vector_dir()
    paths = [Path(p) for p in args.files] or vector_files(directory)
    if not paths:
        print(f"no vector files found in {directory}", file=sys.stderr)
        return 1
    engine = Engine(get_backend(args.backend), hardened=args.hardened)
    if out is not None:
        report = _report(paths, engine, args.show)
        out.emit(report)
        return 0 if report["Failed"] == 0 else 1
    total_passed = total_failed = 0
    for path, result, failed in _checked(paths, engine):
        total_passed += result.passed
        total_failed += failed
        note = f" ({result.error})" if result.error else ""
        print(f"{path}: {result.kind}: {result.passed} passed, {failed} failed{note}")
        for vector_id, problems in result.failures[: args.show]:
            for problem in problems:
                print(f"  {vector_id}: {problem}")
    print(f"{total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 else 1


def _checked(paths: list[Path], engine: Engine) -> Iterator[tuple[Path, DocumentResult, int]]:
    """Each file's result and how many failed in it (a file that cannot be used counts one),
    one file at a time: the text output shows each file's line as soon as it is checked."""
    for path in paths:
        result = check_file(path, engine)
        yield path, result, len(result.failures) + (1 if result.error else 0)


def _report(paths: list[Path], engine: Engine, show: int) -> dict[str, object]:
    """The results as data, for ``--output``/``--query``."""
    files: list[dict[str, object]] = []
    passed = failed = 0
    for path, result, file_failed in _checked(paths, engine):
        passed += result.passed
        failed += file_failed
        entry: dict[str, object] = {
            "File": str(path),
            "Kind": result.kind,
            "Passed": result.passed,
            "Failed": file_failed,
        }
        if result.error:
            entry["Error"] = result.error
        failures = [{"Vector": vid, "Problems": list(p)} for vid, p in result.failures[:show]]
        if failures:
            entry["Failures"] = failures
        files.append(entry)
    return {"Files": files, "Passed": passed, "Failed": failed}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("vectors", help="known-answer vectors")
    actions = parser.add_subparsers(dest="action", required=True)
    verify = actions.add_parser("verify", help="check srpcore against vector files")
    verify.add_argument(
        "files", nargs="*", help="vector files (default: every file of the shipped vectors)"
    )
    verify.add_argument("--backend", default=None, help="big-integer backend to use")
    verify.add_argument("--hardened", action="store_true", help="constant-time exponentiation")
    verify.add_argument("--show", type=int, default=20, help="failing vectors to detail")
    add_output_options(verify)
    verify.set_defaults(func=_verify)
