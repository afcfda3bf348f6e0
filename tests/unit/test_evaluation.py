"""The scorer's arithmetic (the gold matching itself runs in tests/integration/test_eval_floor)."""

from newsfacts.evaluation import Score


def _total(rows):
    total = Score()
    for tp, n_pred, n_gold in rows:
        total.add(Score(tp=tp, n_pred=n_pred, n_gold=n_gold))
    return total


def test_bootstrap_interval_resamples_articles():
    # Every article alike: any resample has the same F1.
    same = _total([(3, 4, 5)] * 10)
    lo, hi = same.f1_interval()
    assert abs(lo - same.f1) < 1e-12 and abs(hi - same.f1) < 1e-12
    # Articles that differ: the interval holds the point estimate and has width.
    mixed = _total([(5, 5, 5), (0, 4, 4)] * 5 + [(2, 3, 4)] * 5)
    lo, hi = mixed.f1_interval()
    assert lo < mixed.f1 < hi and hi - lo > 0.1
    # A set total added to an overall one keeps its articles, not one row per set.
    overall = Score()
    overall.add(mixed)
    overall.add(same)
    assert len(overall.per_article) == 25
    assert (overall.tp, overall.n_pred, overall.n_gold) == (65, 100, 115)
