"""Sign-ins per second per core of a Locust worker: srpcore, pycognito and the bare HTTP floor.

Run: ``python benchmarks/locust_signin.py [--rounds N] [--per-round N]``. It starts
``srpcore serve`` in another process (so the server's SRP work is not counted), then, in this
process, runs the same :class:`srpcore.locust.CognitoUser` three ways, interleaved round by
round:

* ``srpcore``: :meth:`CognitoUser.cognito_sign_in` (USER_SRP_AUTH, PASSWORD_VERIFIER);
* ``pycognito``: the same user, same Recorder and boto3 client, with pycognito's ``AWSSRP``
  doing the SRP (``authenticate_user``), its tokens kept in the same TokenManager;
* ``floor``: the same two calls with the SRP math skipped (a fixed SRP_A, a dummy signature
  the server refuses): what boto3, HTTP and Locust's bookkeeping cost on their own.

Throughput is per CPU second of this process (``time.process_time``), i.e. per worker core;
"client SRP work" is a variant's CPU per sign-in minus the floor's. It also prints how long one
sign-in holds gevent's loop (wall time outside the HTTP calls). All ratios come from one run.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from locust.env import Environment

from srpcore import TokenManager, UserSRP, secret_hash
from srpcore.locust import CognitoUser, Credentials
from srpcore.signin.shape import tokens_from_result

POOL_ID = "us-east-1_LocustBench1"
CLIENT_ID = "locustbenchclient000000001"
CLIENT_SECRET = "locustBenchSecret0123456789abcdef"
USERNAME = "bench"
PASSWORD = "Bench password 1!"


@contextmanager
def serve() -> Iterator[str]:
    """``srpcore serve`` on a free loopback port, seeded with the benchmark's user."""
    seed = {
        "pools": [
            {
                "name": "bench",
                "id": POOL_ID,
                "clients": [
                    {
                        "name": "app",
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    }
                ],
                "users": [{"username": USERNAME, "password": PASSWORD}],
            }
        ]
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.json"
        path.write_text(json.dumps(seed), encoding="utf-8")
        command = [sys.executable, "-m", "srpcore", "serve", "--port", "0", "--json"]
        proc = subprocess.Popen([*command, "--seed", str(path)], stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None
            yield json.loads(proc.stdout.readline())["endpoint_url"]
        finally:
            proc.terminate()
            proc.wait(timeout=30)


class PycognitoUser(CognitoUser):
    """The same virtual user with pycognito doing the SRP over the same recording client."""

    abstract = True

    def cognito_sign_in(self) -> bool:
        from pycognito.aws_srp import AWSSRP  # noqa: PLC0415 - a benchmark-only dependency

        self.idp.reset_clock()
        srp = AWSSRP(
            USERNAME, PASSWORD, POOL_ID, CLIENT_ID, client=self.idp, client_secret=CLIENT_SECRET
        )
        result = srp.authenticate_user()
        # The same user keeps its tokens the same way: only the SRP differs between the variants.
        tokens = tokens_from_result(result["AuthenticationResult"], username=USERNAME)
        self.cognito = TokenManager(
            self.idp,
            tokens,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            pool_id=POOL_ID,
            leeway=self.refresh_leeway,
        )
        self.last_loop_hold = self.idp.loop_hold()
        return bool(tokens.access_token)


class FloorUser(CognitoUser):
    """The same two calls with the SRP math skipped; the server refuses the dummy signature."""

    abstract = True
    srp_a = ""

    def cognito_sign_in(self) -> bool:
        self.idp.reset_clock()
        digest = secret_hash(USERNAME, CLIENT_ID, CLIENT_SECRET)
        first = self.idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH",
            ClientId=CLIENT_ID,
            AuthParameters={"USERNAME": USERNAME, "SRP_A": self.srp_a, "SECRET_HASH": digest},
        )
        params = first["ChallengeParameters"]
        answer = {
            "USERNAME": params["USER_ID_FOR_SRP"],
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(bytes(32)).decode(),
            "TIMESTAMP": "Mon Jan 5 09:03:07 UTC 2026",
            "SECRET_HASH": digest,
        }
        try:
            self.idp.respond_to_auth_challenge(
                ClientId=CLIENT_ID, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
            )
        except Exception as exc:  # the refusal is the expected answer
            refused = "NotAuthorizedException" in str(exc)
        else:
            refused = False
        self.last_loop_hold = self.idp.loop_hold()
        return refused


def make_users(endpoint_url: str) -> dict[str, CognitoUser]:
    """One virtual user per variant, each with its own Environment and shared boto3 client."""
    body = {
        "host": "http://127.0.0.1:9",
        "user_pool_id": POOL_ID,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "cognito_endpoint_url": endpoint_url,
        "users": [Credentials(USERNAME, PASSWORD)],
    }
    FloorUser.srp_a = UserSRP(
        pool_id=POOL_ID, username=USERNAME, password=PASSWORD, client_id=CLIENT_ID
    ).auth_parameters()["SRP_A"]
    users: dict[str, CognitoUser] = {}
    for name, base in (
        ("srpcore", CognitoUser),
        ("pycognito", PycognitoUser),
        ("floor", FloorUser),
    ):
        cls = type(f"Bench{name.capitalize()}", (base,), body)
        user = cls(Environment(user_classes=[cls]))
        user.credentials = Credentials(USERNAME, PASSWORD)
        users[name] = user
    return users


def measure(users: dict[str, CognitoUser], rounds: int, per_round: int) -> dict[str, Any]:
    """Interleaved rounds; per variant the best CPU per sign-in and the loop holds."""
    cpu: dict[str, list[float]] = {name: [] for name in users}
    holds: dict[str, list[float]] = {name: [] for name in users}
    for name, user in users.items():  # warm up: connections, tables, imports
        if not user.cognito_sign_in():
            raise SystemExit(f"{name}: the warm-up sign-in failed")
    for _ in range(rounds):
        for name, user in users.items():
            sign_in: Callable[[], bool] = user.cognito_sign_in
            start = time.process_time()
            for _ in range(per_round):
                if not sign_in():
                    raise SystemExit(f"{name}: a sign-in was not accepted")
                holds[name].append(user.last_loop_hold or 0.0)
            cpu[name].append((time.process_time() - start) / per_round)
    return {
        name: {
            "cpu_ms": min(cpu[name]) * 1000,
            "per_core": 1 / min(cpu[name]),
            "hold_ms_median": statistics.median(holds[name]) * 1000,
            "hold_ms_max": max(holds[name]) * 1000,
        }
        for name in users
    }


def report(results: dict[str, Any]) -> list[str]:
    """The table and the ratios, all from this one run."""
    per_core = {name: r["per_core"] for name, r in results.items()}
    floor = results["floor"]["cpu_ms"]
    srp = results["srpcore"]["cpu_ms"] - floor
    pyc = results["pycognito"]["cpu_ms"] - floor
    lines = ["variant      CPU/sign-in  sign-ins/s/core  loop hold median / max"]
    for name, r in results.items():
        lines.append(
            f"{name:<12} {r['cpu_ms']:8.2f} ms  {r['per_core']:15.0f}  "
            f"{r['hold_ms_median']:8.2f} / {r['hold_ms_max']:.2f} ms"
        )
    srp_vs_pyc = per_core["srpcore"] / per_core["pycognito"]
    floor_vs_srp = per_core["floor"] / per_core["srpcore"]
    lines.append(
        f"throughput per core: srpcore {srp_vs_pyc:.1f}x pycognito; "
        f"the floor {floor_vs_srp:.2f}x srpcore"
    )
    lines.append(
        f"client SRP work (CPU above the floor): srpcore {srp:.2f} ms, pycognito {pyc:.2f} ms, "
        f"{pyc / max(srp, 1e-6):.1f}x (target >= 20x)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    with serve() as endpoint_url:
        results = measure(make_users(endpoint_url), args.rounds, args.per_round)
    if args.json:
        print(json.dumps(results))
    else:
        print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
