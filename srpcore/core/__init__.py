"""Layer 1, the core math: SRP-6a over RFC 5054 groups, encodings, big-integer backends.

Nothing here knows about Cognito, does I/O, or reads the clock; randomness is always passed in.
"""
