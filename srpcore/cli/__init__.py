"""Layer 6, the command line: ``srpcore vectors|bench|login|serve|demo``."""
