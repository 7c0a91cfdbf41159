"""What a sign-in command prints: the service's own last response, and what became of the device.

The output is what ``aws cognito-idp initiate-auth`` (or ``respond-to-auth-challenge``) prints
for the same step: the response botocore parsed, kept through botocore's ``after-call`` event,
so ``NewDeviceMetadata``, an empty ``ChallengeParameters`` or a ``Session`` appear exactly as
the service sent them rather than rebuilt from srpcore's :class:`~srpcore.signin.Tokens`.
"""

from __future__ import annotations

from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.signin.types import Challenge, Tokens

__all__ = ["ResponseRecorder", "device_news"]

_EVENT = "after-call.cognito-identity-provider"
_SIGN_IN_OPERATIONS = frozenset(
    {"InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "AdminRespondToAuthChallenge"}
)


class ResponseRecorder:
    """Keeps the last successful sign-in response of one ``cognito-idp`` client."""

    def __init__(self, client: Any) -> None:
        self.last: dict[str, Any] | None = None
        client.meta.events.register(_EVENT, self._after_call)

    def __repr__(self) -> str:  # the response holds tokens and a Session
        return f"ResponseRecorder(recorded={self.last is not None})"

    def _after_call(self, *, parsed: Any = None, model: Any = None, **_: Any) -> None:
        if getattr(model, "name", None) not in _SIGN_IN_OPERATIONS or not isinstance(parsed, dict):
            return
        if "AuthenticationResult" in parsed or "ChallengeName" in parsed:
            self.last = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}

    def tokens_output(self, tokens: Tokens) -> dict[str, Any]:
        """The response that carried ``tokens`` (srpcore's own shape of them if none was seen)."""
        if self.last is not None and "AuthenticationResult" in self.last:
            return self.last
        return {"ChallengeParameters": {}, "AuthenticationResult": tokens.authentication_result()}

    def challenge_output(self, step: Challenge) -> dict[str, Any]:
        """The response that asked ``step``: ChallengeName, ChallengeParameters and Session."""
        last = self.last or {}
        if last.get("ChallengeName") == step.name:
            return last
        out: dict[str, Any] = {
            "ChallengeName": step.name,
            "ChallengeParameters": dict(step.parameters),
        }
        if "Session" in last:
            out["Session"] = last["Session"]
        return out


def device_news(before: DeviceSecret | None, tokens: Tokens, where: str) -> str:
    """One line for stderr: what happened with the remembered device (keys are public ids)."""
    after = tokens.device
    if tokens.new_device and after is not None:
        remembered = f"device remembered: {after.device_key} (in {where})"
        if before is not None:
            return f"remembered device {before.device_key} was unknown to the pool; {remembered}"
        return remembered
    if before is not None and after is not None and after.device_key == before.device_key:
        return f"signed in with remembered device {before.device_key}"
    if before is not None:
        return f"remembered device {before.device_key} was unknown to the pool: forgotten"
    return "no device remembered: the user pool did not offer to remember this one"
