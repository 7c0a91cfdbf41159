"""Driver tests; a package so their shared helpers import under one name for pytest and mypy."""
