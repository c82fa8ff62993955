"""Statistics the reports show: pure functions of lists of numbers, no store, no templates.

The definitions, in one place (the pages' footnotes say the same in words):

- **histogram**: 10 bins of equal width over 0–100%; bin *i* holds shares in
  ``[i/10, (i+1)/10)``, and the last bin also holds 100% exactly.
- **summary**: N, mean, median, SD (the *sample* standard deviation, n − 1; 0 for
  fewer than two values), min, max, and the share of values at exactly 0% and 100%.
- **discrimination** (Moodle's discrimination index): the Pearson correlation, over
  learners, of the item's score with the *rest* of the total (the total minus that
  item's own part), so an item is not correlated with itself. ``None`` when either
  side does not vary (it cannot discriminate, and it cannot be computed).
- **facility** (Moodle's facility index): the mean score on an item as a share of its
  maximum.
- **Cronbach's alpha**: ``k / (k − 1) × (1 − Σ var(item) / var(total))`` over learners
  (population variances; the n − 1 factors would cancel), ``None`` for fewer than two
  items or a total that does not vary.
- **quintiles of the total**: learners ranked by total (lowest first, ties in the order
  given) and cut into five groups of (nearly) equal size: group *g* of *n* holds ranks
  ``floor(g·n/5) .. floor((g+1)·n/5) − 1``; each group's mean item score. With fewer
  than five learners some groups are empty (``None``).
- **attempts to pass**: for a learner who passed, how many attempts they made up to and
  including the first that passed; the reports show the median over those learners.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Sequence

BINS = 10
_EPS = 1e-9


def histogram(shares: Sequence[float], bins: int = BINS) -> list[int]:
    """Counts of ``shares`` (0..1) in ``bins`` equal bins; 1.0 falls in the last one."""
    counts = [0] * bins
    for s in shares:
        s = min(1.0, max(0.0, s))
        counts[min(bins - 1, int(math.floor(s * bins + _EPS)))] += 1
    return counts


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation (n − 1); 0 for a single value, None for none."""
    if not values:
        return None
    if len(values) < 2:
        return 0.0
    return statistics.stdev(values)


@dataclass(frozen=True)
class Summary:
    """The class-score panel: every figure is a share (0..1) except ``n``."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None
    min: float | None
    max: float | None
    at_zero: float | None     # share of values at exactly 0
    at_full: float | None     # share of values at exactly 1
    bins: tuple[int, ...]


def summarize(shares: Sequence[float]) -> Summary:
    n = len(shares)
    return Summary(
        n=n, mean=mean(shares), median=median(shares), sd=sd(shares),
        min=min(shares) if n else None, max=max(shares) if n else None,
        at_zero=sum(1 for s in shares if s <= _EPS) / n if n else None,
        at_full=sum(1 for s in shares if s >= 1 - _EPS) / n if n else None,
        bins=tuple(histogram(shares)))


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """The Pearson correlation of ``x`` and ``y``; None when there are fewer than two pairs or
    either does not vary."""
    if len(x) != len(y):
        raise ValueError("pearson needs two lists of the same length")
    return Moments.of(x, y).pearson()


def discrimination(item: Sequence[float], totals: Sequence[float]) -> float | None:
    """Moodle's discrimination index: the correlation of the item's scores with the rest of the
    total (``totals[i] - item[i]``). Both in the same units (e.g. weighted points)."""
    return Moments.of(item, totals).discrimination()


@dataclass(frozen=True)
class Moments:
    """Sums over learners of an item score x and a total y: what correlations need, and what SQL
    can add up without sending every score (``n, Σx, Σy, Σx², Σy², Σxy``)."""

    n: int
    sx: float
    sy: float
    sxx: float
    syy: float
    sxy: float

    @classmethod
    def of(cls, x: Sequence[float], y: Sequence[float]) -> "Moments":
        return cls(len(x), sum(x), sum(y), sum(a * a for a in x), sum(b * b for b in y),
                   sum(a * b for a, b in zip(x, y)))

    def pearson(self) -> float | None:
        if self.n < 2:
            return None
        cxx = self.sxx - self.sx * self.sx / self.n
        cyy = self.syy - self.sy * self.sy / self.n
        cxy = self.sxy - self.sx * self.sy / self.n
        if cxx <= _EPS or cyy <= _EPS:
            return None
        return max(-1.0, min(1.0, cxy / math.sqrt(cxx * cyy)))

    def discrimination(self) -> float | None:
        """The correlation of x with the rest, y − x."""
        rest = Moments(self.n, self.sx, self.sy - self.sx, self.sxx,
                       self.syy - 2 * self.sxy + self.sxx, self.sxy - self.sxx)
        return rest.pearson()

    def x_variance(self) -> float:
        """The population variance of x."""
        return max(0.0, (self.sxx - self.sx * self.sx / self.n) / self.n) if self.n else 0.0

    def y_variance(self) -> float:
        return max(0.0, (self.syy - self.sy * self.sy / self.n) / self.n) if self.n else 0.0


def facility(scores: Sequence[float], max_score: float) -> float | None:
    """The mean score on an item as a share of its maximum."""
    return facility_of(sum(scores), len(scores), max_score)


def facility_of(total: float, n: int, max_score: float) -> float | None:
    """The facility of ``n`` scores that add up to ``total``."""
    if not n or max_score <= 0:
        return None
    return total / n / max_score


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of ``matrix`` (one row per learner, one column per item)."""
    if not matrix or any(len(row) != len(matrix[0]) for row in matrix):
        return None
    totals = [sum(row) for row in matrix]
    return alpha_of([Moments.of([row[j] for row in matrix], totals) for j in range(len(matrix[0]))])


def alpha_of(items: Sequence[Moments]) -> float | None:
    """Cronbach's alpha from each item's moments against the same totals (y)."""
    k = len(items)
    if k < 2 or items[0].n < 2:
        return None
    total_var = items[0].y_variance()
    if total_var <= _EPS:
        return None
    return k / (k - 1) * (1 - sum(m.x_variance() for m in items) / total_var)


def quintile_means(totals: Sequence[float], item: Sequence[float], groups: int = 5) -> list[float | None]:
    """The mean of ``item`` in each of ``groups`` groups of learners ranked by ``totals``
    (lowest group first); an empty group is None."""
    order = sorted(range(len(totals)), key=lambda i: totals[i])
    n = len(order)
    out: list[float | None] = []
    for g in range(groups):
        members = order[g * n // groups:(g + 1) * n // groups]
        out.append(mean([item[i] for i in members]))
    return out


def attempts_to_pass(statuses: Sequence[str]) -> int | None:
    """How many attempts (in order) up to and including the first ``passed``; None if none passed."""
    for n, status in enumerate(statuses, 1):
        if status == "passed":
            return n
    return None
