"""The tests' clock: it runs on with the real time (the SRP TIMESTAMPs clients draw from the
real clock stay within the endpoint's skew however long a module takes) and a jump one test
makes is gone by the next (its TIMESTAMPs are checked against the same clock)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from .conftest import Env, FakeClock

JUMP = timedelta(hours=5)
_jumped: list[datetime] = []


def test_the_clock_runs_on_with_the_real_time(clock: FakeClock) -> None:
    before = clock()
    time.sleep(0.05)
    assert clock() - before >= timedelta(seconds=0.05)
    clock.advance(60)
    assert clock() - before >= timedelta(seconds=60.05)


def test_a_test_jumps_the_clock(clock: FakeClock) -> None:
    clock.advance(JUMP.total_seconds())
    _jumped.append(clock())
    assert clock() - datetime.now(timezone.utc) > JUMP - timedelta(seconds=1)


def test_the_next_test_signs_in_on_the_real_time(env: Env, clock: FakeClock) -> None:
    assert _jumped, "runs after test_a_test_jumps_the_clock, in file order"
    assert abs(clock() - datetime.now(timezone.utc)) < timedelta(seconds=1)
    assert env.sign_in()["AccessToken"]  # its TIMESTAMP is the real time
