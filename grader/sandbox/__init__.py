"""The judge's sandbox: learner code runs only in forked children, and only data comes back."""

from grader.sandbox.judge import Judge, Reply, prefork

__all__ = ["Judge", "Reply", "prefork"]
