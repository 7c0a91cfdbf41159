"""Replay known-answer vectors (the schema of vectors/README.md) through srpcore.

The files come from AWS's own JavaScript SRP code; this module feeds each vector's inputs to
srpcore and compares every output. It works on parsed documents (it only locates the package's
own vector files, never reads them), so the CLI, the tests and any other caller share one replay
engine.

Comparison rules, so that a file written by any tool of the schema checks the same way:

* integers (u, x, S, k, v, A and B of RFC 5054; inputs a, b, v) are compared by value: hex
  digits only, case and leading zeros free;
* wire values are compared exactly: SRP_A as sent, base64 (signature, device password, verifier
  config), TIMESTAMP, and the whole request objects the SDKs sent (``auth_parameters``,
  ``device_srp_auth_responses``, ``challenge_responses``);
* the HKDF key is a byte string: case free, length exact.

A vector that records an ``error`` passes only if srpcore refuses the same input with an
SRPError. An error vector needs no clock: without ``timestamp`` or ``utc`` it is replayed at
:data:`DEFAULT_INSTANT`, because what makes it an error never depends on the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.client import DeviceSRP, UserSRP
from srpcore.cognito.device import DeviceSecret, new_device_secret
from srpcore.cognito.pool import is_pool_id, pool_name
from srpcore.cognito.proof import PasswordClaim, parse_secret_block, parse_srp_public
from srpcore.cognito.secret_hash import secret_hash
from srpcore.cognito.timestamp import cognito_timestamp, parse_cognito_timestamp
from srpcore.cognito.vector_fields import (
    DEFAULT_INSTANT,
    MalformedVectorError,
    clock,
    compare,
    compare_int,
    compare_request,
    expect_error,
    hex_bytes,
    hex_int,
    obj,
    parse_utc,
    text,
)
from srpcore.core import srp6a
from srpcore.core.engine import Engine, default_engine
from srpcore.core.groups import RFC5054_GROUPS
from srpcore.errors import SRPError

__all__ = [
    "DEFAULT_INSTANT",
    "DocumentResult",
    "MalformedVectorError",
    "check_document",
    "check_vector",
    "default_vector_dir",
    "iter_vectors",
    "vector_files",
]

Vector = Mapping[str, Any]
Checker = Callable[[Vector, Engine], list[str]]


def _claim_outputs(outputs: Mapping[str, Any], srp_a: str, claim: PasswordClaim) -> list[str]:
    return [
        *compare("srp_a_hex", text(outputs, "srp_a_hex"), srp_a),
        *compare_int("u_hex", hex_int(outputs, "u_hex"), claim.u),
        *compare_int("x_hex", hex_int(outputs, "x_hex"), claim.x),
        *compare_int("s_hex", hex_int(outputs, "s_hex"), claim.premaster),
        *compare("hkdf_key_hex", hex_bytes(outputs, "hkdf_key_hex").hex(), claim.key.hex()),
        *compare("signature_b64", text(outputs, "signature_b64"), claim.signature),
    ]


def _server_side(
    inputs: Mapping[str, Any], srp_a: str, pool: str, user: str, claim: PasswordClaim
) -> list[str]:
    """For server-consistent vectors, the server half must accept the client's signature."""
    if "b_hex" not in inputs or "verifier_hex" not in inputs:
        return []
    b, verifier = hex_int(inputs, "b_hex"), hex_int(inputs, "verifier_hex")
    challenge = server.ServerChallenge(b, parse_srp_public(inputs["srp_b_hex"]), verifier)
    try:
        server.verify_claim(
            challenge,
            srp_a=srp_a,
            pool_name=pool,
            user_id=user,
            secret_block=parse_secret_block(inputs["secret_block_b64"]),
            timestamp=claim.timestamp,
            signature=claim.signature,
        )
    except SRPError as exc:
        return [f"server side refused the client's proof: {exc}"]
    return []


def _check_claim(vector: Vector, engine: Engine, *, device: bool) -> list[str]:
    """A PASSWORD_VERIFIER (or, for devices, DEVICE_PASSWORD_VERIFIER) vector.

    The challenge is rebuilt as the generator's fake service sent it: USERNAME (and, for users,
    USER_ID_FOR_SRP) is ``username``, the internal name. A user's client is built with the name
    typed at sign-in, ``login_name`` when the vector has one (an alias such as an email).
    """
    inputs = obj(vector, "inputs")
    username = text(inputs, "username")
    challenge = {
        "SRP_B": text(inputs, "srp_b_hex"),
        "SALT": text(inputs, "salt_hex"),
        "SECRET_BLOCK": text(inputs, "secret_block_b64"),
        "USERNAME": username,
    }
    if not device:
        challenge["USER_ID_FOR_SRP"] = username
    a, now = hex_int(inputs, "a_hex"), clock(vector)
    client: UserSRP | DeviceSRP
    if device:
        pool, user = text(inputs, "device_group_key"), text(inputs, "device_key")
        device_password = text(inputs, "device_password")

        def make_client() -> UserSRP | DeviceSRP:
            return DeviceSRP(
                device_group_key=pool,
                device_key=user,
                device_password=device_password,
                username=username,
                ephemeral=a,
                engine=engine,
            )
    else:
        pool_id, password = text(inputs, "pool_id"), text(inputs, "password")
        login_name = text(inputs, "login_name") if "login_name" in inputs else username
        # An id the client must refuse (an error vector) never reaches the server side.
        pool = pool_name(pool_id) if is_pool_id(pool_id) else pool_id
        user = username

        def make_client() -> UserSRP | DeviceSRP:
            return UserSRP(
                pool_id=pool_id, username=login_name, password=password, ephemeral=a, engine=engine
            )

    def run(client: UserSRP | DeviceSRP) -> tuple[dict[str, str], PasswordClaim, dict[str, str]]:
        if isinstance(client, DeviceSRP):
            first = client.answer_device_srp_auth()
            claim = client.password_claim(challenge, now=now)
            return first, claim, client.answer_device_password_verifier(challenge, now=now)
        first = client.auth_parameters()
        claim = client.password_claim(challenge, now=now)
        return first, claim, client.answer_password_verifier(challenge, now=now)

    if "error" in vector:
        return expect_error(vector, lambda: run(make_client()))
    outputs = obj(vector, "outputs")
    first_name = "device_srp_auth_responses" if device else "auth_parameters"
    expected_first = obj(outputs, first_name)
    expected_answer = obj(outputs, "challenge_responses")
    client = make_client()
    first, claim, answer = run(client)
    problems = [
        *_claim_outputs(outputs, client.srp_a(), claim),
        *compare_request(first_name, expected_first, first),
        *compare_request("challenge_responses", expected_answer, answer),
    ]
    return problems or _server_side(inputs, client.srp_a(), pool, user, claim)


def _check_password_verifier(vector: Vector, engine: Engine) -> list[str]:
    return _check_claim(vector, engine, device=False)


def _check_device_password_verifier(vector: Vector, engine: Engine) -> list[str]:
    return _check_claim(vector, engine, device=True)


def _check_confirm_device(vector: Vector, engine: Engine) -> list[str]:
    inputs = obj(vector, "inputs")
    draws = iter(
        [hex_bytes(inputs, "random_password_bytes_hex"), hex_bytes(inputs, "salt_bytes_hex")]
    )
    group_key, device_key = text(inputs, "device_group_key"), text(inputs, "device_key")

    def rng(size: int) -> bytes:
        data = next(draws, b"")
        if len(data) != size:
            raise MalformedVectorError(f"vector supplies {len(data)} random bytes, not {size}")
        return data

    def run() -> DeviceSecret:
        return new_device_secret(
            device_group_key=group_key, device_key=device_key, rng=rng, engine=engine
        )

    if "error" in vector:
        return expect_error(vector, run)
    outputs = obj(vector, "outputs")
    secret = run()
    return [
        *compare("device_password", text(outputs, "device_password"), secret.device_password),
        *compare_request(
            "DeviceSecretVerifierConfig",
            obj(outputs, "DeviceSecretVerifierConfig"),
            secret.verifier_config,
        ),
    ]


def _check_secret_hash(vector: Vector, engine: Engine) -> list[str]:
    inputs = obj(vector, "inputs")
    username, client_id = text(inputs, "username"), text(inputs, "client_id")
    client_secret = text(inputs, "client_secret")

    def run() -> str:
        return secret_hash(username, client_id, client_secret)

    if "error" in vector:
        return expect_error(vector, run)
    return compare("secret_hash", text(obj(vector, "outputs"), "secret_hash"), run())


def _check_timestamp(vector: Vector, engine: Engine) -> list[str]:
    utc = parse_utc(text(obj(vector, "inputs"), "utc"))
    if "error" in vector:
        return expect_error(vector, lambda: cognito_timestamp(utc))
    expected = text(obj(vector, "outputs"), "timestamp")
    problems = compare("timestamp", expected, cognito_timestamp(utc))
    parsed = parse_cognito_timestamp(expected)
    return problems + compare("parse_cognito_timestamp", utc.replace(microsecond=0), parsed)


def _check_rfc5054(vector: Vector, engine: Engine) -> list[str]:
    inputs, outputs = obj(vector, "inputs"), obj(vector, "outputs")
    group = RFC5054_GROUPS[int(inputs.get("group_bits", 1024))]
    hash_name = str(inputs.get("hash", "SHA-1")).replace("-", "").lower()
    salt = hex_bytes(inputs, "salt_hex")
    a, b = hex_int(inputs, "a_hex"), hex_int(inputs, "b_hex")
    user, password = text(inputs, "username").encode(), text(inputs, "password").encode()
    k = srp6a.rfc5054_k(group, hash_name)
    x = srp6a.rfc5054_x(salt, user, password, hash_name)
    v = srp6a.verifier(group, x, engine)
    a_pub = srp6a.client_public(group, a, engine)
    b_pub = srp6a.server_public(group, k, v, b, engine)
    u = srp6a.rfc5054_u(group, a_pub, b_pub, hash_name)
    s_client = srp6a.client_premaster(group, b_pub=b_pub, k=k, x=x, a=a, u=u, engine=engine)
    s_server = srp6a.server_premaster(group, a_pub=a_pub, v=v, u=u, b=b, engine=engine)
    premaster = hex_int(outputs, "premaster_hex")
    return [
        *compare_int("k_hex", hex_int(outputs, "k_hex"), k),
        *compare_int("x_hex", hex_int(outputs, "x_hex"), x),
        *compare_int("v_hex", hex_int(outputs, "v_hex"), v),
        *compare_int("A_hex", hex_int(outputs, "A_hex"), a_pub),
        *compare_int("B_hex", hex_int(outputs, "B_hex"), b_pub),
        *compare_int("u_hex", hex_int(outputs, "u_hex"), u),
        *compare_int("premaster_hex (client)", premaster, s_client),
        *compare_int("premaster_hex (server)", premaster, s_server),
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


def iter_vectors(document: object) -> Iterator[tuple[str, Vector]]:
    """(list name, vector) for every vector of a parsed file, in file order."""
    if not isinstance(document, Mapping):
        raise MalformedVectorError("a vector file holds a JSON object")
    kind = document.get("kind")
    lists = _CHECKERS.get(kind) if isinstance(kind, str) else None
    if lists is None:
        raise MalformedVectorError(f"unknown vector kind {kind!r}")
    for list_name in lists:
        vectors = document.get(list_name) or []
        if not isinstance(vectors, list):
            raise MalformedVectorError(f"{list_name!r} must be a list of vectors")
        for vector in vectors:
            yield list_name, vector


def check_vector(
    kind: str, list_name: str, vector: Vector, engine: Engine | None = None
) -> list[str]:
    """Problems found replaying one vector (empty when srpcore agrees)."""
    try:
        checker = _CHECKERS.get(kind, {}).get(list_name)
        if checker is None:
            raise MalformedVectorError(f"no vector list {list_name!r} in kind {kind!r}")
        if not isinstance(vector, Mapping):
            raise MalformedVectorError("a vector is a JSON object")
        return checker(vector, engine or default_engine())
    except MalformedVectorError as exc:
        return [f"malformed vector: {exc}"]
    except SRPError as exc:
        return [f"srpcore refused a vector AWS's SDKs accept: {type(exc).__name__}: {exc}"]
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        return [f"malformed vector: {type(exc).__name__}: {exc}"]


@dataclass(frozen=True)
class DocumentResult:
    """The outcome of one vector file: counts, each failing vector's problems, or why the whole
    file could not be checked."""

    kind: str
    passed: int
    failures: list[tuple[str, list[str]]] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failures and self.passed > 0


def check_document(document: object, engine: Engine | None = None) -> DocumentResult:
    """Replay every vector of one parsed file."""
    try:
        vectors = list(iter_vectors(document))
    except MalformedVectorError as exc:
        return DocumentResult("?", 0, error=f"cannot read vectors: {exc}")
    kind = str(document.get("kind")) if isinstance(document, Mapping) else "?"
    if not vectors:
        return DocumentResult(kind, 0, error="the file holds no vectors")
    passed, failures = 0, []
    for list_name, vector in vectors:
        problems = check_vector(kind, list_name, vector, engine)
        if problems:
            name = vector.get("id", "?") if isinstance(vector, Mapping) else "?"
            failures.append((str(name), problems))
        else:
            passed += 1
    return DocumentResult(kind, passed, failures)


def default_vector_dir() -> Path:
    """Where the vector files are: ``vectors/`` of the source checkout this package runs from
    (an editable install), else the copy the build ships inside the package (``_vectors``)."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "vectors"
    if (checkout / "generator").is_dir():
        return checkout
    return package / "_vectors"


def vector_files(directory: Path) -> list[Path]:
    """Every vector file under ``directory``: ``*.json`` at any depth, except the generator's own
    folder (its npm files). check-fresh.sh and the build pick files by the same rule."""
    return sorted(
        path
        for path in directory.rglob("*.json")
        if "generator" not in path.relative_to(directory).parts
    )
