"""DescribeUserPoolClient and UpdateUserPoolClient: reading and changing an app client.

As on Cognito, UpdateUserPoolClient sets every setting it is not given back to its default
(AWS: "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
value"), so a caller first describes the client and sends back what it wants kept. Only the
settings this endpoint honours are stored; the client id, its secret and its pool never change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from srpcore.local.context import Context, Handler
from srpcore.local.errors import invalid_parameter
from srpcore.local.management import describe_client, rotation_settings
from srpcore.local.model import KNOWN_FLOWS, normalise_flows
from srpcore.local.provision import check_rotation
from srpcore.local.validate import opt_bool, opt_int, opt_str, opt_str_list, req_str

__all__ = ["HANDLERS"]


def describe_user_pool_client(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    _, client = ctx.client(req_str(body, "ClientId"), req_str(body, "UserPoolId"))
    return {"UserPoolClient": describe_client(client)}


def update_user_pool_client(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool_id, client_id = req_str(body, "UserPoolId"), req_str(body, "ClientId")
    name = opt_str(body, "ClientName", max_len=128)
    flows = opt_str_list(body, "ExplicitAuthFlows")
    unknown = sorted(set(flows) - KNOWN_FLOWS)
    if unknown:
        raise invalid_parameter(f"Unknown ExplicitAuthFlows value: {', '.join(unknown)}")
    prevent = opt_str(body, "PreventUserExistenceErrors") or "LEGACY"
    if prevent not in ("LEGACY", "ENABLED"):
        raise invalid_parameter("PreventUserExistenceErrors must be LEGACY or ENABLED")
    session_validity = opt_int(body, "AuthSessionValidity", 3)
    if not 3 <= session_validity <= 15:
        raise invalid_parameter("AuthSessionValidity must be between 3 and 15 minutes")
    rotation, grace = rotation_settings(body)
    check_rotation(rotation, grace)
    revocation = opt_bool(body, "EnableTokenRevocation", True)
    with ctx.repo.atomic():
        _, client = ctx.client(client_id, pool_id)
        changed = dataclasses.replace(
            client,
            name=client.name if name is None else name,
            auth_flows=normalise_flows(tuple(flows)),
            prevent_user_existence_errors=prevent == "ENABLED",
            session_validity=session_validity,
            rotation=rotation,
            retry_grace=grace if rotation else 0,
            token_revocation=revocation,
        )
        ctx.repo.put_client(changed)
    return {"UserPoolClient": describe_client(changed)}


HANDLERS: dict[str, Handler] = {
    "DescribeUserPoolClient": describe_user_pool_client,
    "UpdateUserPoolClient": update_user_pool_client,
}
