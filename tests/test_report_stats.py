"""The report statistics against values worked out on paper.

The tiny class used throughout: four learners, three one-point questions.

    learner  q1 q2 q3  total
    A         1  1  1    3
    B         1  1  0    2
    C         1  0  0    1
    D         0  0  0    0

Cronbach's alpha: item variances (population) 3/16, 4/16, 3/16 sum to 10/16; the
total's variance is 5/4; alpha = 3/2 · (1 − (10/16)/(5/4)) = 3/2 · 1/2 = 0.75.
Discrimination of q1: item (1,1,1,0) against the rest (2,1,0,0): deviations
(.25,.25,.25,−.75) and (1.25,.25,−.75,−.75); Σxy = .75, Σx² = .75, Σy² = 2.75, so
r = .75/√(.75·2.75) = 3/√33 ≈ 0.5222. q2: (1,1,0,0) against (2,1,1,0): r = 1/√2.
q3: (1,0,0,0) against (2,2,1,0): r = 3/√33 again.
"""

import math
import random

import pytest

from reports import stats

MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
TOTALS = [sum(r) for r in MATRIX]


def column(j):
    return [r[j] for r in MATRIX]


def test_cronbach_alpha_of_the_tiny_class_is_three_quarters():
    assert stats.cronbach_alpha(MATRIX) == pytest.approx(0.75)


def test_discrimination_correlates_each_item_with_the_rest_of_the_total():
    assert stats.discrimination(column(0), TOTALS) == pytest.approx(3 / math.sqrt(33))
    assert stats.discrimination(column(1), TOTALS) == pytest.approx(1 / math.sqrt(2))
    assert stats.discrimination(column(2), TOTALS) == pytest.approx(3 / math.sqrt(33))


def test_discrimination_is_not_the_correlation_with_the_whole_total():
    whole = stats.pearson(column(0), TOTALS)        # the item inflates its own correlation
    assert whole == pytest.approx(0.7746, abs=1e-4) and whole > stats.discrimination(column(0), TOTALS)


def test_an_item_everyone_gets_the_same_cannot_discriminate():
    assert stats.discrimination([1, 1, 1, 1], [3, 2, 2, 1]) is None
    assert stats.pearson([1, 2], [5, 5]) is None
    assert stats.pearson([1], [2]) is None


def test_alpha_needs_two_items_and_a_total_that_varies():
    assert stats.cronbach_alpha([[1], [0]]) is None
    assert stats.cronbach_alpha([[1, 0], [1, 0]]) is None
    assert stats.cronbach_alpha([[1, 1]]) is None


def test_alpha_is_one_for_items_that_agree_perfectly():
    assert stats.cronbach_alpha([[1, 1], [0, 0], [1, 1]]) == pytest.approx(1.0)


def test_histogram_has_ten_bins_and_100_percent_in_the_last():
    shares = [t / 3 for t in TOTALS]                # 1, 2/3, 1/3, 0
    assert stats.histogram(shares) == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
    # bin edges: 0.1 opens the second bin, 0.3 the fourth, 0.7 the eighth (not float-rounded down)
    assert stats.histogram([0.1, 0.3, 0.7, 0.0999, 0.95, 1.0]) == [1, 1, 0, 1, 0, 0, 0, 1, 0, 2]
    assert stats.histogram([]) == [0] * 10


def test_summary_of_the_tiny_class():
    s = stats.summarize([t / 3 for t in TOTALS])
    assert s.n == 4
    assert s.mean == pytest.approx(0.5) and s.median == pytest.approx(0.5)
    assert s.sd == pytest.approx(math.sqrt(5 / 27))      # sample SD: Σ(d²) = 5/9, over n − 1 = 3
    assert (s.min, s.max) == (0.0, 1.0)
    assert s.at_zero == 0.25 and s.at_full == 0.25
    assert s.bins == (1, 0, 0, 1, 0, 0, 1, 0, 0, 1)


def test_summary_of_nobody_and_of_one():
    empty = stats.summarize([])
    assert empty.n == 0 and empty.mean is None and empty.sd is None and empty.at_zero is None
    one = stats.summarize([0.4])
    assert one.sd == 0.0 and one.median == 0.4


def test_facility_is_the_mean_score_over_the_maximum():
    assert stats.facility([2, 1, 0, 1], 2) == pytest.approx(0.5)
    assert stats.facility([], 2) is None


def test_quintiles_rank_by_total_and_cut_into_five_groups():
    totals = [5, 1, 4, 2, 3]
    item = [1, 0, 1, 0, 1]
    assert stats.quintile_means(totals, item) == [0, 0, 1, 1, 1]
    # ten learners: two per group
    assert stats.quintile_means(list(range(10)), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]) == [0, 0.5, 1, 1, 1]
    # three learners: Q1 and Q3 are empty (the cuts floor(g·3/5), g = 0..5, are 0, 0, 1, 1, 2, 3)
    assert stats.quintile_means([1, 2, 3], [0.1, 0.2, 0.3]) == [None, pytest.approx(0.1), None,
                                                                pytest.approx(0.2), pytest.approx(0.3)]


def test_attempts_to_pass_counts_up_to_the_first_pass():
    assert stats.attempts_to_pass(["failed", "failed", "passed", "failed"]) == 3
    assert stats.attempts_to_pass(["passed"]) == 1
    assert stats.attempts_to_pass(["failed", "not_attempted"]) is None
    assert stats.median([1, 3, 2, 4]) == 2.5


def test_moments_added_up_elsewhere_give_the_two_pass_figures():
    rng = random.Random(3)
    x = [rng.randint(0, 2) for _ in range(800)]
    y = [a + rng.randint(0, 20) for a in x]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    two_pass = sum((a - mx) * (b - my) for a, b in zip(x, y)) / math.sqrt(
        sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))
    m = stats.Moments(len(x), sum(x), sum(y), sum(a * a for a in x), sum(b * b for b in y),
                      sum(a * b for a, b in zip(x, y)))
    assert m.pearson() == pytest.approx(two_pass, abs=1e-12)
    assert m.discrimination() == pytest.approx(stats.pearson(x, [b - a for a, b in zip(x, y)]), abs=1e-12)
    columns = [stats.Moments.of(column(j), TOTALS) for j in range(3)]
    assert stats.alpha_of(columns) == pytest.approx(0.75)
