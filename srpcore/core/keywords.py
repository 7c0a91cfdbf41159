"""Keyword faces: one declaration of a call's options (a frozen dataclass) shown to callers
as plain, typed keyword arguments.

``f(first, options)`` becomes ``f(first, **the options' fields)``: mypy and IDEs see every
keyword with its type and default, and the options object is built (and so checked) once per
call. Used by the SRP exchanges, the sign-in machine, both drivers and the local endpoint's
setup calls.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

__all__ = ["keywords", "keywords_after_two", "options_keywords"]

P = ParamSpec("P")
T = TypeVar("T")
U = TypeVar("U")
Opts = TypeVar("Opts")
R = TypeVar("R")


def _face(function: Callable[..., Any], options: Callable[..., Any], heads: int) -> Any:
    """``function(*heads, options)`` as ``function(*heads, **the options' keywords)``.

    The ``heads`` leading parameters become positional-only; the options object is built (and
    so checked) once per call; coroutine functions stay coroutine functions.
    """
    wrapper: Callable[..., Any]
    if inspect.iscoroutinefunction(function):

        async def awaiting(*args: Any, **kwargs: Any) -> Any:
            return await function(*args[:heads], options(*args[heads:], **kwargs))

        wrapper = awaiting
    else:

        def calling(*args: Any, **kwargs: Any) -> Any:
            return function(*args[:heads], options(*args[heads:], **kwargs))

        wrapper = calling
    functools.update_wrapper(wrapper, function)
    own = inspect.signature(function)
    first = list(own.parameters.values())[:heads]
    first = [head.replace(kind=inspect.Parameter.POSITIONAL_ONLY) for head in first]
    fields = inspect.signature(options).parameters.values()
    signature = inspect.Signature([*first, *fields], return_annotation=own.return_annotation)
    setattr(wrapper, "__signature__", signature)  # noqa: B010 - not a declared attribute
    return wrapper


def keywords(
    options: Callable[P, Opts],
) -> Callable[[Callable[[T, Opts], R]], Callable[Concatenate[T, P], R]]:
    """Turn ``f(first, options)`` into ``f(first, **the options' keywords)``.

    ``first`` is a driver's client, or ``self`` for ``__init__``. The options object is built
    (and so checked) once per call and handed to ``f``; ``inspect.signature`` shows the
    keywords, and coroutine functions stay coroutine functions.
    """

    def decorate(function: Callable[[T, Opts], R]) -> Callable[Concatenate[T, P], R]:
        face: Callable[Concatenate[T, P], R] = _face(function, options, 1)
        return face

    return decorate


def keywords_after_two(
    options: Callable[P, Opts],
) -> Callable[[Callable[[T, U, Opts], R]], Callable[Concatenate[T, U, P], R]]:
    """:func:`keywords` for ``f(first, second, options)`` (a session's manager and client)."""

    def decorate(function: Callable[[T, U, Opts], R]) -> Callable[Concatenate[T, U, P], R]:
        face: Callable[Concatenate[T, U, P], R] = _face(function, options, 2)
        return face

    return decorate


def options_keywords(options: Callable[P, Opts]) -> Callable[[Callable[[Opts], R]], Callable[P, R]]:
    """Turn ``f(options)`` into ``f(**the options' keywords)`` (see :func:`keywords`)."""

    def decorate(function: Callable[[Opts], R]) -> Callable[P, R]:
        def calling(*args: P.args, **kwargs: P.kwargs) -> R:
            return function(options(*args, **kwargs))

        functools.update_wrapper(calling, function)
        returns = inspect.signature(function).return_annotation
        fields = inspect.signature(options).parameters.values()
        signature = inspect.Signature(list(fields), return_annotation=returns)
        calling.__signature__ = signature  # type: ignore[attr-defined]
        return calling

    return decorate
