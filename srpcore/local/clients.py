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
from srpcore.local.management import client_spec, describe_client
from srpcore.local.provision import configure_client
from srpcore.local.validate import opt_str, req_str

__all__ = ["HANDLERS"]


def describe_user_pool_client(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    _, client = ctx.client(req_str(body, "ClientId"), req_str(body, "UserPoolId"))
    return {"UserPoolClient": describe_client(client)}


def update_user_pool_client(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool_id, client_id = req_str(body, "UserPoolId"), req_str(body, "ClientId")
    name = opt_str(body, "ClientName", max_len=128)
    spec = client_spec(body, pool_id=pool_id, name=name or "")
    spec.check()  # before the lookup, as before
    with ctx.repo.atomic():
        _, client = ctx.client(client_id, pool_id)
        kept = dataclasses.replace(spec, name=client.name if name is None else name)
        changed = configure_client(client, kept)
        ctx.repo.put_client(changed)
    return {"UserPoolClient": describe_client(changed)}


HANDLERS: dict[str, Handler] = {
    "DescribeUserPoolClient": describe_user_pool_client,
    "UpdateUserPoolClient": update_user_pool_client,
}
