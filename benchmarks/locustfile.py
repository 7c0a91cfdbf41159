"""Example locustfile: virtual users sign in with SRP, then call GetUser with their token.

Configured from the environment (see README, "Load testing with Locust")::

    SRPCORE_ENDPOINT_URL   Cognito endpoint (e.g. http://127.0.0.1:9339 for `srpcore serve`);
                           unset: the pool's AWS region
    SRPCORE_USER_POOL_ID   e.g. us-east-1_Example1
    SRPCORE_CLIENT_ID      app client id
    SRPCORE_CLIENT_SECRET  app client secret, if the client has one
    SRPCORE_USERS_FILE     CSV with username,password columns (or a JSON list)
    SRPCORE_RESIGN_EVERY   sign in anew every N tasks (default 0: once, then refresh)
    SRPCORE_APP_PATH       with --host: also GET this protected route with the access token

Run: ``locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 1m``.
"""

from __future__ import annotations

import os

from locust import constant, task

from srpcore.errors import ConfigurationError
from srpcore.locust import CognitoUser


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ConfigurationError(f"set {name} (see benchmarks/locustfile.py)")
    return value


class SignedInUser(CognitoUser):
    """Signs in with SRP on start, then GetUser (and the app's protected route) per task."""

    wait_time = constant(0)
    host = os.environ.get("SRPCORE_APP_URL", "http://127.0.0.1")
    cognito_endpoint_url = os.environ.get("SRPCORE_ENDPOINT_URL") or None
    user_pool_id = _env("SRPCORE_USER_POOL_ID")
    client_id = _env("SRPCORE_CLIENT_ID")
    client_secret = os.environ.get("SRPCORE_CLIENT_SECRET") or None
    users = _env("SRPCORE_USERS_FILE")
    resign_every = int(os.environ.get("SRPCORE_RESIGN_EVERY", "0"))
    app_path = os.environ.get("SRPCORE_APP_PATH")

    def on_start(self) -> None:
        super().on_start()
        self.tasks_done = 0

    @task
    def profile(self) -> None:
        if self.resign_every and self.tasks_done and self.tasks_done % self.resign_every == 0:
            self.cognito_sign_in()
        self.tasks_done += 1
        self.get_user()
        if self.app_path:
            self.client.get(self.app_path, name="protected route")
