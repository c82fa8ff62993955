"""learn: the grading engine (catalog, judge, checks, store, CLI)."""

__version__ = "0.1.0"
