"""Re-exports :mod:`srpcore.core.keywords`, which owns the keyword faces (the cognito exchanges
use them too), for the drivers' and the local endpoint's existing imports."""

from srpcore.core.keywords import keywords, keywords_after_two, options_keywords

__all__ = ["keywords", "keywords_after_two", "options_keywords"]
