"""Many PASSWORD_VERIFIER computations spread over processes, for throughput.

One sign-in's math is a few modular exponentiations that hold the GIL (gmpy2) or are too short
for threads to pay off, so the batch API uses processes: each worker builds its engine (and its
fixed-base table) once, then answers chunks of tasks. On 2 cores it reaches about 1.9x the
single-core rate (``srpcore bench`` measures it).

Typical use (a load test signing many users in)::

    a = draw_ephemeral()
    params = UserSRP(pool_id=..., username=..., password=..., ephemeral=a).auth_parameters()
    # ... InitiateAuth(USER_SRP_AUTH, params) -> ChallengeParameters ...
    tasks.append(PasswordVerifierTask(pool_id=..., username=..., password=...,
                                      ephemeral=a, challenge_parameters=challenge))
    with BatchSigner() as signer:
        responses = signer.answer_password_verifiers(tasks)

Workers recompute A from the ephemeral (a table lookup, ~2% of the work) rather than trusting a
value passed in, so each result is the complete client-side computation.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.context import BaseContext

from srpcore.cognito.client import UserSRP
from srpcore.cognito.ephemeral import DEFAULT_EPHEMERAL_BITS
from srpcore.cognito.ephemeral import draw_ephemeral as _draw
from srpcore.cognito.proof import GROUP
from srpcore.core.backends import get_backend
from srpcore.core.engine import Engine

__all__ = [
    "BatchSigner",
    "PasswordVerifierTask",
    "answer_password_verifiers",
    "default_workers",
    "draw_ephemeral",
]


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def draw_ephemeral(
    bits: int = DEFAULT_EPHEMERAL_BITS, rng: Callable[[int], bytes] = secrets.token_bytes
) -> int:
    """A fresh non-zero ephemeral secret ``a`` of ``bits`` bits, as :class:`UserSRP` draws it."""
    return _draw(rng, bits)


@dataclass(frozen=True, repr=False)
class PasswordVerifierTask:
    """Everything one PASSWORD_VERIFIER answer is computed from (secrets stay out of repr)."""

    pool_id: str
    username: str
    password: str = field(repr=False)
    ephemeral: int = field(repr=False)
    challenge_parameters: Mapping[str, str]
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    device_key: str | None = None
    now: datetime | None = None

    def __repr__(self) -> str:
        return f"PasswordVerifierTask(pool_id={self.pool_id!r}, username={self.username!r}, ...)"

    def answer(self, engine: Engine | None = None) -> dict[str, str]:
        """The ChallengeResponses, computed in this process."""
        srp = UserSRP(
            pool_id=self.pool_id,
            username=self.username,
            password=self.password,
            client_id=self.client_id,
            client_secret=self.client_secret,
            device_key=self.device_key,
            ephemeral=self.ephemeral,
            engine=engine,
        )
        return srp.answer_password_verifier(self.challenge_parameters, now=self.now)


_WORKER_ENGINE: Engine | None = None


def _init_worker(backend: str | None, hardened: bool) -> None:
    global _WORKER_ENGINE  # noqa: PLW0603 - one engine per worker process
    _WORKER_ENGINE = Engine(get_backend(backend, hardened=hardened), hardened=hardened)
    _WORKER_ENGINE.pow_g(GROUP, (1 << DEFAULT_EPHEMERAL_BITS) - 1)  # build the table now


def _answer_chunk(tasks: Sequence[PasswordVerifierTask]) -> list[dict[str, str]]:
    return [task.answer(_WORKER_ENGINE) for task in tasks]


def _ready(_: int) -> bool:
    return _WORKER_ENGINE is not None


class BatchSigner:
    """A pool of worker processes answering PASSWORD_VERIFIER challenges.

    ``backend`` and ``hardened`` configure every worker's engine as for a single sign-in. Use it
    as a context manager (or call :meth:`close`) so the workers exit.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        hardened: bool = False,
        backend: str | None = None,
        mp_context: BaseContext | None = None,
    ) -> None:
        get_backend(backend, hardened=hardened)  # fail here, not in every worker
        self.max_workers = max_workers or default_workers()
        self._pool = ProcessPoolExecutor(
            self.max_workers,
            mp_context=mp_context,
            initializer=_init_worker,
            initargs=(backend, hardened),
        )

    def warm_up(self) -> None:
        """Start every worker and build its tables, so the first batch is not slowed by it."""
        list(self._pool.map(_ready, range(4 * self.max_workers)))

    def answer_password_verifiers(
        self, tasks: Sequence[PasswordVerifierTask], *, chunksize: int | None = None
    ) -> list[dict[str, str]]:
        """ChallengeResponses for every task, in order. The first failing task's error is raised
        (for example :class:`~srpcore.errors.SecurityError` for B = 0 mod N)."""
        if not tasks:
            return []
        size = chunksize or max(1, -(-len(tasks) // (4 * self.max_workers)))
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        results: list[dict[str, str]] = []
        for answers in self._pool.map(_answer_chunk, chunks):
            results += answers
        return results

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> BatchSigner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()  # on any exit, raised or not: the exception (if any) propagates


def answer_password_verifiers(
    tasks: Sequence[PasswordVerifierTask],
    *,
    max_workers: int | None = None,
    hardened: bool = False,
    backend: str | None = None,
) -> list[dict[str, str]]:
    """One-shot :meth:`BatchSigner.answer_password_verifiers` (starts and stops the workers)."""
    with BatchSigner(max_workers, hardened=hardened, backend=backend) as signer:
        return signer.answer_password_verifiers(tasks)
