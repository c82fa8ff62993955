"""A progress bar for long runs: count, rate and time left, redrawn in place on a terminal."""

from __future__ import annotations

import time
from typing import Callable

BAR = 24


def eta(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """``update(done)`` redraws at most ``per_second`` times a second, and always at the end;
    ``write`` gets each frame (with a leading carriage return) — nothing when disabled."""

    def __init__(self, total: int, write: Callable[[str], None], enabled: bool = True,
                 label: str = "graded", per_second: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.total, self.write, self.enabled, self.label = total, write, enabled and total > 0, label
        self.clock, self.gap = clock, 1.0 / per_second
        self.start = clock()
        self.last = -1e9
        self.done = 0

    def frame(self, done: int) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = done / elapsed
        filled = BAR * done // self.total
        left = f"ETA {eta((self.total - done) / rate)}" if 0 < done < self.total and rate > 0 else \
            f"in {eta(elapsed)}" if done >= self.total else "ETA -:--"
        return (f"[{'#' * filled}{'.' * (BAR - filled)}] {self.label} {done}/{self.total}"
                f"  {rate:.1f}/s  {left}")

    def update(self, done: int) -> None:
        self.done = done
        if not self.enabled:
            return
        now = self.clock()
        if done < self.total and now - self.last < self.gap:
            return
        self.last = now
        self.write("\r" + self.frame(done) + ("\n" if done >= self.total else ""))

    def stop(self) -> None:
        """End the bar's line if it was left unfinished (an interrupted run)."""
        if self.enabled and 0 < self.done < self.total:
            self.write("\n")
