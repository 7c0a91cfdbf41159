"""Layer 2, Cognito's rules: how Amazon Cognito encodes, hashes and signs SRP-6a.

Everything here is pure computation on top of :mod:`srpcore.core`; it reproduces AWS's own
JavaScript SDKs byte for byte (see ``vectors/``).
"""
