"""Extraction quality cannot silently regress: `make eval`'s F1 scores stay at or above the floors
reached so far (tests/gold/floors.yaml). Raise a floor when the extraction gets better."""

import pytest
import yaml

from newsfacts.evaluation import FIELDS, GOLD_DIR, evaluate

FLOORS = yaml.safe_load((GOLD_DIR / "floors.yaml").read_text())


@pytest.fixture(scope="module")
def scores():
    return evaluate()


def test_every_field_has_a_floor():
    assert set(FLOORS) == set(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
def test_f1_not_below_floor(scores, field):
    s = scores["all"][field]
    assert s.f1 >= FLOORS[field], (
        f"{field}: F1 {s.f1:.3f} < floor {FLOORS[field]} (P {s.precision:.3f}, R {s.recall:.3f}); "
        f"first misses: {s.misses[:5]}; first extras: {s.extras[:5]}"
    )


def test_gold_covers_seeds_and_thirty_corpus_articles():
    assert len(list((GOLD_DIR / "eval" / "seeds").glob("*.yaml"))) == 5
    assert len(list((GOLD_DIR / "eval" / "corpus").glob("*.yaml"))) >= 30
    # Held out: annotated after the rules were tuned; every sampled article has its annotation.
    heldout = (GOLD_DIR / "heldout" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    annotated = {p.stem for p in (GOLD_DIR / "eval" / "heldout").glob("*.yaml")}
    assert len(heldout) == len(annotated) >= 30
