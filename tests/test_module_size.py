"""No module of srpcore grows past 400 lines: a module that long has more than one owner in it."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "srpcore"
LIMIT = 400


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
        if "_vectors" not in path.relative_to(PACKAGE).parts
    }
    assert len(sizes) > 50  # the walk really saw the package
    too_long = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not too_long, too_long
