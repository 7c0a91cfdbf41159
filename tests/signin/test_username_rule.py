"""Property: after the first call, every USERNAME and SECRET_HASH uses the internal username.

Whatever the user typed (an alias, unicode, anything), x and the signature use USER_ID_FOR_SRP
and so does every ChallengeResponses USERNAME and SECRET_HASH; SECRET_HASH is checked against
Python's own hmac module, not srpcore's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

from srpcore.cognito.salt import Salt
from srpcore.cognito.server import make_verifier, start_challenge, verify_claim
from srpcore.signin import Challenge, Request, SignIn, Tokens

PASSWORD = "pw"
names = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=24)


def _hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@settings(max_examples=25, deadline=None)
@given(typed=names, internal=names, secret=names)
def test_internal_username_everywhere_after_the_first_call(
    typed: str, internal: str, secret: str
) -> None:
    m = SignIn(
        pool_id="us-east-1_Prop1", client_id="c1", username=typed, password=PASSWORD,
        client_secret=secret,
    )  # fmt: skip
    first = m.start()
    assert first.params["AuthParameters"]["USERNAME"] == typed
    assert first.params["AuthParameters"]["SECRET_HASH"] == _hash(typed, "c1", secret)

    salt = Salt.draw()
    verifier = make_verifier(pool_name="Prop1", user_id=internal, password=PASSWORD, salt=salt)
    challenge = start_challenge(verifier)
    answer = m.receive(
        {
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": salt.hex(),
                "SRP_B": challenge.srp_b(),
                "SECRET_BLOCK": "YmxvY2s=",
                "USERNAME": internal,
                "USER_ID_FOR_SRP": internal,
            },
        }
    )
    assert isinstance(answer, Request)
    responses = answer.params["ChallengeResponses"]
    assert responses["USERNAME"] == internal
    assert responses["SECRET_HASH"] == _hash(internal, "c1", secret)
    verify_claim(
        challenge,
        srp_a=first.params["AuthParameters"]["SRP_A"],
        pool_name="Prop1",
        user_id=internal,
        secret_block=b"block",
        timestamp=responses["TIMESTAMP"],
        signature=responses["PASSWORD_CLAIM_SIGNATURE"],
    )

    step = m.receive({"ChallengeName": "EMAIL_OTP", "Session": "s" * 20, "ChallengeParameters": {}})
    assert isinstance(step, Challenge) and step.username == internal
    code = step.answer("000000").params["ChallengeResponses"]
    assert (code["USERNAME"], code["SECRET_HASH"]) == (internal, _hash(internal, "c1", secret))
    done = m.receive({"AuthenticationResult": {"AccessToken": "a.b.c"}})
    assert isinstance(done, Tokens) and done.username == internal
