"""TIMESTAMP does not depend on the process locale or time zone (the warrant/pycognito bug).

A formatter built on ``strftime("%a %b")`` writes ``So Mär`` under a German locale, which Cognito
refuses. To catch that, the formatter must really run under a non-English locale: the test takes
one from ``locale -a`` or, if none is installed, compiles de_DE with ``localedef`` into a
temporary LOCPATH (glibc's locale sources; Debian: ``apt-get install -y locales``). When neither
works the test fails, never skips: a pass must mean the locale was in effect. Expected values
are the JS libraries' own TIMESTAMP strings from vectors/timestamp.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from srpcore.cognito.vectors import default_vector_dir

SCRIPT = """
import json, locale, sys, time
from datetime import datetime, timezone
locale.setlocale(locale.LC_ALL, "")  # from LC_ALL: fails loudly if the locale is missing
time.tzset()
from srpcore import cognito_timestamp
probe = time.strftime("%a %b", time.struct_time((2026, 3, 1, 0, 0, 5, 6, 60, 0)))
utcs = json.loads(sys.stdin.read())
out = [cognito_timestamp(datetime.fromisoformat(u.replace("Z", "+00:00"))) for u in utcs]
print(json.dumps({"locale": locale.setlocale(locale.LC_TIME), "probe": probe, "out": out}))
"""

ENGLISH_PROBE = "Sun Mar"  # strftime("%a %b") of Sunday 1 March 2026 in C/English locales
PREFERRED = ("de_DE", "fr_FR", "es_ES", "ru_RU", "ja_JP", "it_IT")


def _child(env: dict[str, str], utcs: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(utcs),
        env={**os.environ, "TZ": "Asia/Tokyo", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _run(env: dict[str, str], utcs: list[str]) -> dict[str, object]:
    out = _child(env, utcs)
    assert out.returncode == 0, out.stderr[-2000:]
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _non_english(env: dict[str, str]) -> bool:
    """True if the locale in ``env`` loads and names days and months in another language."""
    out = _child(env, [])
    return out.returncode == 0 and json.loads(out.stdout)["probe"] != ENGLISH_PROBE


def _installed_candidates() -> list[str]:
    try:
        listed = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False, timeout=30
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []
    others = [n for n in listed if n.split(".")[0] not in ("C", "POSIX") and not n.startswith("en")]
    return sorted(others, key=lambda n: (n.split(".")[0] not in PREFERRED, "utf" not in n.lower()))


@pytest.fixture(scope="module")
def foreign_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment variables that put a child process in a non-English locale."""
    tried = []
    for name in _installed_candidates()[:5]:
        env = {"LC_ALL": name, "LANG": name}
        if _non_english(env):
            return env
        tried.append(name)
    localedef = shutil.which("localedef")
    if localedef is not None:
        locpath = tmp_path_factory.mktemp("locales")
        subprocess.run(
            [localedef, "-c", "-i", "de_DE", "-f", "UTF-8", str(locpath / "de_DE.UTF-8")],
            capture_output=True,
            check=False,
            timeout=120,
        )
        env = {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8", "LOCPATH": str(locpath)}
        if (locpath / "de_DE.UTF-8").is_dir() and _non_english(env):
            return env
        tried.append(f"de_DE.UTF-8 compiled by localedef into {locpath}")
    pytest.fail(
        "no non-English locale could be had (tried: "
        f"{', '.join(tried) or 'nothing installed'}; localedef: {localedef or 'absent'}). "
        "Install one, or glibc's locale sources (Debian: apt-get install -y locales)."
    )


def test_timestamp_ignores_locale_and_time_zone(foreign_locale: dict[str, str]) -> None:
    vectors = json.loads((default_vector_dir() / "timestamp.json").read_text(encoding="utf-8"))
    utcs = [v["inputs"]["utc"] for v in vectors["vectors"]]
    expected = [v["outputs"]["timestamp"] for v in vectors["vectors"]]
    result = _run(foreign_locale, utcs)
    assert result["probe"] != ENGLISH_PROBE, f"locale not in effect: {result['locale']}"
    assert result["out"] == expected


def test_the_foreign_locale_really_is_foreign(foreign_locale: dict[str, str]) -> None:
    """The fixture's locale changes what strftime writes (what the formatter must not use)."""
    result = _run(foreign_locale, [])
    assert result["locale"] not in ("C", "POSIX", "C.UTF-8")
    assert result["probe"] != ENGLISH_PROBE
