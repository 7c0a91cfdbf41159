"""Load: 8 concurrent clients, 512 successful sign-ins (interleaved two at a time per client)
with zero failures and zero crossed sessions; 32 wrong passwords mixed in are still refused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jwt

from srpcore import UserSRP
from srpcore.local import LocalCognito

THREADS = 8
PAIRS_PER_THREAD = 34  # two interleaved sign-ins per pair: 8 * 34 * 2 = 544 attempts
USERS = 16


def _start(idp: Any, pool_id: str, client_id: str, user: str, password: str, session: bool) -> Any:
    srp = UserSRP(pool_id=pool_id, username=user, password=password)
    if session:
        first = idp.initiate_auth(
            AuthFlow="USER_AUTH",
            ClientId=client_id,
            AuthParameters={
                "USERNAME": user,
                "PREFERRED_CHALLENGE": "PASSWORD_SRP",
                "SRP_A": srp.srp_a(),
            },
        )
    else:
        first = idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=client_id, AuthParameters=srp.auth_parameters()
        )
    return srp, first


def _finish(idp: Any, client_id: str, srp: UserSRP, first: Any) -> Any:
    extra = {"Session": first["Session"]} if "Session" in first else {}
    return idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
        **extra,
    )


def test_concurrent_sign_ins_do_not_cross() -> None:
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("load")
        app = cognito.create_client(
            pool.id, explicit_auth_flows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH"]
        )
        passwords = {f"user{i}": f"password number {i}" for i in range(USERS)}
        for user, password in passwords.items():
            cognito.create_user(pool.id, user, password)
        key = jwt.PyJWKClient(cognito.jwks_url(pool.id)).get_signing_keys()[0].key
        clients = [cognito.boto3_client() for _ in range(THREADS)]

        def worker(index: int) -> tuple[list[str], int, int]:
            idp = clients[index]
            problems: list[str] = []
            signed_in = refused = 0
            for i in range(PAIRS_PER_THREAD):
                names = [f"user{(index * 5 + i) % USERS}", f"user{(index * 5 + i + 7) % USERS}"]
                wrong = i % 8 == 3  # the second sign-in of this pair uses a wrong password
                started = [
                    _start(idp, pool.id, app.client_id, names[0], passwords[names[0]], i % 2 == 0),
                    _start(
                        idp,
                        pool.id,
                        app.client_id,
                        names[1],
                        passwords[names[1]] + ("!" if wrong else ""),
                        i % 2 == 1,
                    ),
                ]
                for slot in (1, 0):  # answer in the opposite order
                    srp, first = started[slot]
                    try:
                        result = _finish(idp, app.client_id, srp, first)["AuthenticationResult"]
                    except idp.exceptions.NotAuthorizedException:
                        if slot == 1 and wrong:
                            refused += 1
                        else:
                            problems.append(f"{names[slot]} refused")
                        continue
                    if slot == 1 and wrong:
                        problems.append(f"{names[slot]} signed in with a wrong password")
                        continue
                    claims = jwt.decode(
                        result["IdToken"], key, algorithms=["RS256"], audience=app.client_id
                    )
                    if claims["cognito:username"] != names[slot]:
                        problems.append(f"{names[slot]} got {claims['cognito:username']}'s tokens")
                    signed_in += 1
            return problems, signed_in, refused

        with ThreadPoolExecutor(max_workers=THREADS) as pool_executor:
            results = list(pool_executor.map(worker, range(THREADS)))

    problems = [p for r in results for p in r[0]]
    assert problems == []
    attempts = THREADS * PAIRS_PER_THREAD * 2
    refused = sum(r[2] for r in results)
    assert refused == THREADS * (PAIRS_PER_THREAD // 8)
    assert sum(r[1] for r in results) == attempts - refused >= 500
    assert len(cognito.service.context.pending) == 0  # every parked challenge was used exactly once
