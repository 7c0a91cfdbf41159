"""Finding a shared library for ctypes: the one search order both native backends follow.

libcrypto (``_openssl``) and libgmp (``_gmpsec``) are found the same way: an environment
variable names one library and nothing else is tried; otherwise a list of well-known names,
then ``ctypes.util.find_library`` last (on Linux it spawns ``ldconfig``, ~10 ms). Each
candidate is opened and handed to ``prepare``, which declares what it needs and says whether
the library will do; every refusal is kept for the error message.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from srpcore.errors import ConfigurationError

__all__ = ["load_first"]

T = TypeVar("T")


def load_first(
    *,
    env_var: str,
    candidates: Sequence[str],
    find_name: str,
    prepare: Callable[[ctypes.CDLL], T],
    unavailable: str,
    none_found: str,
) -> tuple[ctypes.CDLL, T]:
    """The first library that opens and that ``prepare`` accepts, with what ``prepare`` returned.

    ``prepare`` raises :class:`ConfigurationError` for a library that opens but cannot serve
    (too old...), or lets the ``AttributeError`` / ``ValueError`` of a missing symbol out, to
    pass it over. When none qualifies, :class:`ConfigurationError`
    says ``unavailable`` and why each candidate was refused (``none_found`` if none was tried).
    """
    override = os.environ.get(env_var)
    names: list[str | None] = [override] if override else [*candidates]
    if not override:
        names.append(ctypes.util.find_library(find_name))
    problems = []
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            return lib, prepare(lib)
        except (OSError, AttributeError, ValueError, ConfigurationError) as exc:
            problems.append(f"{name}: {exc}")
    detail = "; ".join(problems) or none_found
    raise ConfigurationError(f"{unavailable} ({detail})")
