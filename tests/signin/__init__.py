"""Tests of the sans-IO sign-in layer (a package, so its modules can share helpers)."""
