"""``srpcore vectors verify``: check srpcore against known-answer vector files.

The files in ``vectors/`` are produced by AWS's own JavaScript SRP code (see vectors/README.md);
this command replays each vector's inputs through srpcore and compares every output. A vector
that records an ``error`` passes only if srpcore refuses the same input with an SRPError.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.proof import PasswordClaim, parse_secret_block, parse_srp_public
from srpcore.cognito.secret_hash import secret_hash
from srpcore.cognito.timestamp import cognito_timestamp, parse_cognito_timestamp
from srpcore.core import srp6a
from srpcore.core.backends import get_backend
from srpcore.core.engine import Engine, default_engine
from srpcore.core.groups import RFC5054_GROUPS
from srpcore.errors import InvalidParameterError, SRPError

__all__ = ["FileResult", "check_file", "check_vector", "default_vector_dir", "register"]

Vector = Mapping[str, Any]
Checker = Callable[[Vector, Engine], list[str]]


def _compare(label: str, expected: object, actual: object) -> list[str]:
    return [] if expected == actual else [f"{label}: expected {expected!r}, got {actual!r}"]


def _hex(value: str) -> int:
    return int(value, 16)


def _claim_outputs(
    outputs: Mapping[str, Any], srp_a: str, claim: PasswordClaim, answer: Mapping[str, str]
) -> list[str]:
    return [
        *_compare("srp_a_hex", outputs["srp_a_hex"], srp_a),
        *_compare("u_hex", outputs["u_hex"], format(claim.u, "x")),
        *_compare("x_hex", outputs["x_hex"], format(claim.x, "x")),
        *_compare("s_hex", outputs["s_hex"], format(claim.premaster, "x")),
        *_compare("hkdf_key_hex", outputs["hkdf_key_hex"], claim.key.hex()),
        *_compare("signature_b64", outputs["signature_b64"], claim.signature),
        *_compare(
            "PASSWORD_CLAIM_SIGNATURE",
            outputs["signature_b64"],
            answer.get("PASSWORD_CLAIM_SIGNATURE"),
        ),
    ]


def _server_side(
    inputs: Mapping[str, Any], srp_a: str, pool: str, user: str, signature: str
) -> list[str]:
    """For server-consistent vectors, the server half must accept the client's signature."""
    if "b_hex" not in inputs or "verifier_hex" not in inputs:
        return []
    b, verifier = _hex(inputs["b_hex"]), _hex(inputs["verifier_hex"])
    challenge = server.ServerChallenge(b, parse_srp_public(inputs["srp_b_hex"]), verifier)
    try:
        server.verify_claim(
            challenge,
            srp_a=srp_a,
            pool_name=pool,
            user_id=user,
            secret_block=parse_secret_block(inputs["secret_block_b64"]),
            timestamp=inputs["timestamp"],
            signature=signature,
        )
    except SRPError as exc:
        return [f"server side refused the client's proof: {exc}"]
    return []


def _expect_error(vector: Vector, action: Callable[[], object]) -> list[str]:
    try:
        action()
    except SRPError:
        return []
    return [f"expected srpcore to refuse this input (AWS's SDKs did: {vector['error']!r})"]


def _check_claim(vector: Vector, engine: Engine, *, device: bool) -> list[str]:
    """A PASSWORD_VERIFIER (or, for devices, DEVICE_PASSWORD_VERIFIER) vector."""
    inputs = vector["inputs"]
    challenge = {
        "SRP_B": inputs["srp_b_hex"],
        "SALT": inputs["salt_hex"],
        "SECRET_BLOCK": inputs["secret_block_b64"],
        "USER_ID_FOR_SRP": inputs.get("username", ""),
        "USERNAME": inputs.get("username") or "user",
    }
    if device:
        pool, user = inputs["device_group_key"], inputs["device_key"]
    else:
        pool, user = inputs["pool_id"].split("_")[1], inputs["username"]

    def make_client() -> UserSRP | DeviceSRP:
        if device:
            return DeviceSRP(
                device_group_key=pool,
                device_key=user,
                device_password=inputs["device_password"],
                ephemeral=_hex(inputs["a_hex"]),
                engine=engine,
            )
        return UserSRP(
            pool_id=inputs["pool_id"],
            username=user,
            password=inputs["password"],
            ephemeral=_hex(inputs["a_hex"]),
            engine=engine,
        )

    def run(client: UserSRP | DeviceSRP) -> tuple[PasswordClaim, dict[str, str]]:
        now = parse_cognito_timestamp(inputs["timestamp"])
        claim = client.password_claim(challenge, now=now)
        if isinstance(client, DeviceSRP):
            return claim, client.answer_device_password_verifier(challenge, now=now)
        return claim, client.answer_password_verifier(challenge, now=now)

    if "error" in vector:
        return _expect_error(vector, lambda: run(make_client()))
    client = make_client()
    claim, answer = run(client)
    problems = _claim_outputs(vector["outputs"], client.srp_a(), claim, answer)
    return problems or _server_side(inputs, client.srp_a(), pool, user, claim.signature)


def _check_password_verifier(vector: Vector, engine: Engine) -> list[str]:
    return _check_claim(vector, engine, device=False)


def _check_device_password_verifier(vector: Vector, engine: Engine) -> list[str]:
    return _check_claim(vector, engine, device=True)


def _check_confirm_device(vector: Vector, engine: Engine) -> list[str]:
    inputs = vector["inputs"]
    draws = iter(
        [
            bytes.fromhex(inputs["random_password_bytes_hex"]),
            bytes.fromhex(inputs["salt_bytes_hex"]),
        ]
    )

    def rng(size: int) -> bytes:
        data = next(draws)
        if len(data) != size:
            raise InvalidParameterError(f"vector supplies {len(data)} random bytes, not {size}")
        return data

    def run() -> DeviceSecret:
        return new_device_secret(
            device_group_key=inputs["device_group_key"],
            device_key=inputs["device_key"],
            rng=rng,
            engine=engine,
        )

    if "error" in vector:
        return _expect_error(vector, run)
    secret = run()
    outputs = vector["outputs"]
    return [
        *_compare("device_password", outputs["device_password"], secret.device_password),
        *_compare(
            "DeviceSecretVerifierConfig",
            outputs["DeviceSecretVerifierConfig"],
            secret.verifier_config,
        ),
    ]


def _check_secret_hash(vector: Vector, engine: Engine) -> list[str]:
    inputs = vector["inputs"]

    def run() -> str:
        return secret_hash(inputs["username"], inputs["client_id"], inputs["client_secret"])

    if "error" in vector:
        return _expect_error(vector, run)
    return _compare("secret_hash", vector["outputs"]["secret_hash"], run())


def _parse_utc(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _check_timestamp(vector: Vector, engine: Engine) -> list[str]:
    utc = vector["inputs"]["utc"]
    if "error" in vector:
        return _expect_error(vector, lambda: cognito_timestamp(_parse_utc(utc)))
    expected = vector["outputs"]["timestamp"]
    problems = _compare("timestamp", expected, cognito_timestamp(_parse_utc(utc)))
    parsed = parse_cognito_timestamp(expected)
    return problems + _compare(
        "parse_cognito_timestamp", _parse_utc(utc).replace(microsecond=0), parsed
    )


def _check_rfc5054(vector: Vector, engine: Engine) -> list[str]:
    inputs, outputs = vector["inputs"], vector["outputs"]
    group = RFC5054_GROUPS[int(inputs.get("group_bits", 1024))]
    hash_name = str(inputs.get("hash", "SHA-1")).replace("-", "").lower()
    salt = bytes.fromhex(inputs["salt_hex"])
    a, b = _hex(inputs["a_hex"]), _hex(inputs["b_hex"])
    k = srp6a.rfc5054_k(group, hash_name)
    x = srp6a.rfc5054_x(salt, inputs["username"].encode(), inputs["password"].encode(), hash_name)
    v = srp6a.verifier(group, x, engine)
    a_pub = srp6a.client_public(group, a, engine)
    b_pub = srp6a.server_public(group, k, v, b, engine)
    u = srp6a.rfc5054_u(group, a_pub, b_pub, hash_name)
    s_client = srp6a.client_premaster(group, b_pub=b_pub, k=k, x=x, a=a, u=u, engine=engine)
    s_server = srp6a.server_premaster(group, a_pub=a_pub, v=v, u=u, b=b, engine=engine)
    return [
        *_compare("k_hex", _hex(outputs["k_hex"]), k),
        *_compare("x_hex", _hex(outputs["x_hex"]), x),
        *_compare("v_hex", _hex(outputs["v_hex"]), v),
        *_compare("A_hex", _hex(outputs["A_hex"]), a_pub),
        *_compare("B_hex", _hex(outputs["B_hex"]), b_pub),
        *_compare("u_hex", _hex(outputs["u_hex"]), u),
        *_compare("premaster_hex (client)", _hex(outputs["premaster_hex"]), s_client),
        *_compare("premaster_hex (server)", _hex(outputs["premaster_hex"]), s_server),
    ]


_CHECKERS: dict[str, dict[str, Checker]] = {
    "password_verifier": {"vectors": _check_password_verifier},
    "device": {
        "confirm_device": _check_confirm_device,
        "device_password_verifier": _check_device_password_verifier,
    },
    "secret_hash": {"vectors": _check_secret_hash},
    "timestamp": {"vectors": _check_timestamp},
    "rfc5054": {"vectors": _check_rfc5054},
}


def iter_vectors(document: Mapping[str, Any]) -> Iterator[tuple[str, Vector]]:
    """(list name, vector) for every vector of a file, in file order."""
    kind = document.get("kind")
    lists = _CHECKERS.get(kind) if isinstance(kind, str) else None
    if lists is None:
        raise InvalidParameterError(f"unknown vector kind {kind!r}")
    for list_name in lists:
        for vector in document.get(list_name) or []:
            yield list_name, vector


def check_vector(
    kind: str, list_name: str, vector: Vector, engine: Engine | None = None
) -> list[str]:
    """Problems found replaying one vector (empty when srpcore agrees)."""
    checker = _CHECKERS[kind][list_name]
    try:
        return checker(vector, engine or default_engine())
    except SRPError as exc:
        return [f"srpcore refused a vector AWS's SDKs accept: {type(exc).__name__}: {exc}"]
    except (KeyError, ValueError, TypeError) as exc:
        return [f"malformed vector: {type(exc).__name__}: {exc}"]


@dataclass(frozen=True)
class FileResult:
    path: Path
    kind: str
    passed: int
    failures: list[tuple[str, list[str]]]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failures and self.passed > 0


def check_file(path: Path, engine: Engine | None = None) -> FileResult:
    """Replay every vector of one file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        kind = str(document.get("kind"))
        vectors = list(iter_vectors(document))
    except (OSError, ValueError, AttributeError) as exc:
        return FileResult(path, "?", 0, [], f"cannot read vectors: {exc}")
    if not vectors:
        return FileResult(path, kind, 0, [], "the file holds no vectors")
    passed, failures = 0, []
    for list_name, vector in vectors:
        problems = check_vector(kind, list_name, vector, engine)
        if problems:
            failures.append((str(vector.get("id", "?")), problems))
        else:
            passed += 1
    return FileResult(path, kind, passed, failures)


def default_vector_dir() -> Path:
    """``vectors/`` of the source checkout this package runs from."""
    return Path(__file__).resolve().parents[2] / "vectors"


def _verify(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files] or sorted(default_vector_dir().glob("*.json"))
    if not paths:
        print(f"no vector files found in {default_vector_dir()}", file=sys.stderr)
        return 1
    engine = Engine(get_backend(args.backend), hardened=args.hardened)
    total_passed = total_failed = 0
    for path in paths:
        result = check_file(path, engine)
        failed = len(result.failures) + (1 if result.error else 0)
        total_passed += result.passed
        total_failed += failed
        note = f" ({result.error})" if result.error else ""
        print(f"{path}: {result.kind}: {result.passed} passed, {failed} failed{note}")
        for vector_id, problems in result.failures[: args.show]:
            for problem in problems:
                print(f"  {vector_id}: {problem}")
    print(f"{total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("vectors", help="known-answer vectors")
    actions = parser.add_subparsers(dest="action", required=True)
    verify = actions.add_parser("verify", help="check srpcore against vector files")
    verify.add_argument("files", nargs="*", help="vector files (default: all of vectors/)")
    verify.add_argument("--backend", default=None, help="big-integer backend to use")
    verify.add_argument("--hardened", action="store_true", help="constant-time exponentiation")
    verify.add_argument("--show", type=int, default=20, help="failing vectors to detail")
    verify.set_defaults(func=_verify)
