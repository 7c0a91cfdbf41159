"""Layer 1, the core math: SRP-6a over RFC 5054 groups, encodings, big-integer backends.

Nothing here knows about Cognito, does I/O, or reads the clock; randomness is always passed in.
:mod:`srpcore.core.keywords` (options dataclasses shown as typed keywords) is here only because
every layer above uses it, the SRP exchanges first.
"""
