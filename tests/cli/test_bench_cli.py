"""``srpcore bench`` runs end to end and reports ratios (numbers are reported, never asserted)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import partial

from srpcore.cli.workloads import Op, Timing, measure


def _bench(*options: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "srpcore", "bench", *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_bench_quick_reports_every_section() -> None:
    text = _bench("--quick", "--no-batch", "--no-cold")
    for heading in (
        "automatic backend:",
        "client sign-in math",
        "floor:",
        "sign-in above the floor",
        "vs pycognito",
    ):
        assert heading in text
    assert "same a and clock give the same signature: yes" in text


def test_pycognito_is_compared_default_vs_default_and_like_for_like() -> None:
    """Both rows, labelled with their ephemeral sizes, each with min and median ratios."""
    text = _bench("--smoke")
    assert "min and median of 2 interleaved rounds" in text
    header = next(line for line in text.splitlines() if line.startswith("comparison"))
    assert header.split()[-6:] == ["min", "median", "faster", "(min)", "faster", "(median)"]
    ms, ratio = r"\d+(\.\d+)? ms", r"\d+\.\dx"
    for label, bits in (("default vs default", 256), ("like for like", 1024)):
        row = rf"{label} +srpcore \w+ default +{bits} +{ms} +{ms} +{ratio} +{ratio}$"
        assert re.search(row, text, re.MULTILINE), (label, text)
    assert re.search(rf"^ +pycognito AWSSRP +1024 +{ms} +{ms}$", text, re.MULTILINE), text


def test_measure_interleaves_the_ops_and_rotates_their_order() -> None:
    calls: list[str] = []
    ops: dict[str, Op] = {name: partial(calls.append, name) for name in "abc"}
    times = measure(ops, rounds=3, round_seconds=0.0)
    assert calls[6:] == list("abcbcacab")  # after two warm-up calls each
    assert all(len(timing.samples) == 3 for timing in times.values())


def test_timing_min_and_median() -> None:
    timing = Timing((3.0, 1.0, 2.0, 10.0))
    assert (timing.min, timing.median) == (1.0, 2.5)


def test_bench_output_json_gives_the_timings_as_data() -> None:
    report = json.loads(_bench("--smoke", "--output", "json"))
    assert report["Smoke"] is True and report["Rounds"] == 2
    operations = [t["Operation"] for t in report["Timings"]]
    assert any(op.startswith("signin/") for op in operations)
    assert all(0 <= t["MinMs"] <= t["MedianMs"] for t in report["Timings"])
    text = _bench("--smoke", "--query", "Timings[].Operation", "--output", "text")
    assert text.rstrip("\n").split("\t") == operations
