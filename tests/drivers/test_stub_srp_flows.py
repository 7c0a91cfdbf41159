"""The sync driver runs SRP sign-ins over a boto3 client (botocore's Stubber).

The exact requests of each flow are the machine's and are checked as transcripts in
tests/signin; here the requests reach the client's methods and the SRP values survive the trip
(the recorded SRP_A and signature verify against the service-side math).
"""

from __future__ import annotations

import pytest

from drivers.stubkit import (
    CLIENT_ID,
    PASSWORD,
    POOL_ID,
    TOKENS,
    SRPServer,
    Stubbed,
    clock,
    srp_initiate,
    srp_respond,
)
from srpcore.drivers.sync import sign_in
from srpcore.errors import VerificationError
from srpcore.signin import Tokens


def test_user_srp_auth_public_pair(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply(), srp_initiate())
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS, "ChallengeParameters": {}},
        srp_respond(),
    )
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        clock=clock,
    )
    assert isinstance(result, Tokens)
    assert result.authentication_result() == TOKENS
    assert (result.username, result.device, result.new_device) == ("alice", None, False)
    srp_a = stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"]
    answer = stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"]
    server.check(srp_a, answer)
    assert stubbed.calls.operations() == ["InitiateAuth", "RespondToAuthChallenge"]


def test_the_signature_check_rejects_a_wrong_password(stubbed: Stubbed) -> None:
    """The oracle the other tests lean on can fail: a wrong password does not verify."""
    server = SRPServer.for_user("alice", password="not the password")
    stubbed.stub.add_response("initiate_auth", server.reply())
    stubbed.stub.add_response("respond_to_auth_challenge", {"AuthenticationResult": TOKENS})
    sign_in(
        stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password=PASSWORD
    )
    srp_a = stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"]
    with pytest.raises(VerificationError):
        server.check(srp_a, stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"])


def test_admin_sends_the_machine_s_requests_to_the_admin_methods(stubbed: Stubbed) -> None:
    """The admin shapes are the machine's (transcripts); the driver calls the admin methods."""
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("admin_initiate_auth", server.reply())
    stubbed.stub.add_response("admin_respond_to_auth_challenge", {"AuthenticationResult": TOKENS})
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        admin=True,
    )
    assert isinstance(result, Tokens) and result.username == "alice"
    assert stubbed.calls.operations() == ["AdminInitiateAuth", "AdminRespondToAuthChallenge"]
    assert stubbed.calls.params("AdminInitiateAuth")["UserPoolId"] == POOL_ID
    server.check(
        stubbed.calls.params("AdminInitiateAuth")["AuthParameters"]["SRP_A"],
        stubbed.calls.params("AdminRespondToAuthChallenge")["ChallengeResponses"],
    )
