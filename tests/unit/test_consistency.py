"""Quote comparison (newsfacts.consistency): what counts as the same statement."""

import pytest

from newsfacts.consistency import QuoteRef, compare, match_quotes, normalize


def test_normalize():
    assert normalize("We Don’t [it’s] “Know” (sic)") == 'we do not it \'s "know"'
    assert normalize("We won't, can't") == "we will not, can not"


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("This story is completely false.", "this story is completely false", "verbatim"),
        ("completely false.", "This story is completely false. There is no truth to it",
         "fragment"),
        ("We don't accept it", "we do not accept it", "verbatim"),
        ("the best economy in history", "We have the best economy in the history of it",
         "abridged"),
        ("hire you and hire your neighbours", "hire your neighbors", "fragment"),
        ("completely untrue", "completely false.", "wording_conflict"),
        ("completely untrue", "This story is completely false. There is no truth to it",
         "wording_conflict"),
        ("We balanced it without new taxes,", "We balanced it without any new levies,",
         "wording_conflict"),
        # Cutting a negation changes the meaning.
        ("We will not accept this deal", "We will accept this deal", "wording_conflict"),
        # A shared first word with an unrelated phrase is not the same statement.
        ("completely untrue", "So this is a completely different level of risk", "different"),
        ("existential threat", "absolutely coming", "different"),
        ("absolutely", "absolutely coming", "different"),  # one word proves nothing
        ("we will win this race easily", "they lost the vote on tuesday night", "different"),
        # Each outlet quoted a different stretch of one statement.
        ("we will build the wall and Mexico will pay", "Mexico will pay for it, believe me",
         "overlap"),
        # A cut marked with "..." on either side is not an omission.
        ("A person ... who lies constantly is not fit", "A person who sees nothing, who lies "
         "constantly is not fit", "abridged"),
        # Spelling and splitting are not wording.
        ("protections for health care workers in any way we can", "protections for healthcare "
         "workers in anyway we can", "verbatim"),
        ("so far it has been civil up here", "So far it's been civil up here.", "verbatim"),
        ("the (Obamacare) law could destabilize the market", "the law could destabilize the "
         "market", "verbatim"),
        ("over the last thirty years", "over the last 30 years", "verbatim"),
        # Only function words in common.
        ("I have a very strong core", "a very random number.", "different"),
        # Too much differs to be the same statement.
        ("The FBI requested but did not receive more specific information from the government",
         "The FBI did not find any terrorism activity and told the foreign government",
         "different"),
    ],
)  # fmt: skip
def test_compare(a, b, relation):
    assert compare(a, b).relation == relation
    assert compare(b, a).relation == relation


def test_compare_names_the_differing_words_on_each_side():
    c = compare("completely untrue", "This story is completely false. There is no truth")
    assert (c.only_in_a, c.only_in_b) == ("untrue", "false")
    c = compare("This story is completely false. There is no truth", "completely untrue")
    assert (c.only_in_a, c.only_in_b) == ("false", "untrue")
    assert compare("completely false", "this is completely false").only_in_a == ""
    assert 0 < compare("completely untrue", "completely false").similarity < 100


def test_match_quotes_pairs_only_across_articles_same_story_same_speaker():
    quotes = [
        QuoteRef("q1", "a", "s1", "ford", "completely untrue"),
        QuoteRef("q2", "b", "s1", "ford", "This story is completely false."),
        QuoteRef("q3", "b", "s1", "ford", "completely false"),  # same article as q2
        QuoteRef("q4", "c", "s1", "ford", "completely false"),
        QuoteRef("q5", "d", "s2", "ford", "completely false"),  # another story
        QuoteRef("q6", "e", "s1", "xiaomi", "completely false"),  # another speaker
    ]
    got = {(m.quote_id_a, m.quote_id_b): m.relation for m in match_quotes(quotes)}
    assert got == {
        ("q1", "q2"): "wording_conflict",
        ("q1", "q3"): "wording_conflict",
        ("q1", "q4"): "wording_conflict",
        ("q2", "q4"): "fragment",
        ("q3", "q4"): "verbatim",
    }


def test_minor_differences_are_function_words_only():
    quotes = [
        QuoteRef("q1", "a", "s1", "cruz", "There are only two of us who have a path to winning"),
        QuoteRef("q2", "b", "s1", "cruz", "There are only two of us that have a path to winning"),
        QuoteRef("q3", "c", "s1", "cruz", "There are only two of us who have a road to winning"),
    ]
    got = {(m.quote_id_a, m.quote_id_b): (m.relation, m.is_minor) for m in match_quotes(quotes)}
    assert got == {
        ("q1", "q2"): ("wording_conflict", True),
        ("q1", "q3"): ("wording_conflict", False),
        ("q2", "q3"): ("wording_conflict", False),
    }


def _scalar_align(short, long_):
    """The plain O(k*n) recurrence _align vectorizes (its code before numpy), as the oracle."""
    from newsfacts.consistency import _GAP, _MATCH, _SUB, _same_word

    k, n = len(short), len(long_)
    same = [[_same_word(a.word, b.word) for b in long_] for a in short]
    score = [[0.0] * (n + 1)] + [[float("-inf")] * (n + 1) for _ in range(k)]
    back = [[""] * (n + 1) for _ in range(k + 1)]
    for i in range(1, k + 1):
        score[i][0], back[i][0] = score[i - 1][0] + _GAP, "delete"
        skip = 0.0 if short[i - 1].ellipsis_after and i < k else _GAP
        for j in range(1, n + 1):
            diag = score[i - 1][j - 1] + (_MATCH if same[i - 1][j - 1] else _SUB)
            up = score[i - 1][j] + (0.0 if long_[j - 1].ellipsis_after else _GAP)
            left = score[i][j - 1] + skip
            best = max(diag, up, left)
            score[i][j] = best
            back[i][j] = "diag" if best == diag else ("delete" if best == up else "insert")
    j, i, steps = max(range(n + 1), key=lambda c: (score[k][c], -c)), k, []
    while i > 0:
        if back[i][j] == "diag":
            steps.append(("equal" if same[i - 1][j - 1] else "replace", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif back[i][j] == "delete":
            steps.append(("delete", i - 1, j))
            i -= 1
        else:
            steps.append(("insert", i, j - 1))
            j -= 1
    return [(tag, si, dj) for tag, si, dj in reversed(steps)]


def test_vectorized_alignment_equals_the_scalar_recurrence():
    import random

    from newsfacts.consistency import _align, _tokens

    # Few distinct words (repeats, spelling variants, "'s"/"is", cuts) so that ties and every
    # move occur; the ops' (tag, start) sequence determines the whole alignment.
    vocab = ["the", "plan", "plans", "neighbours", "neighbors", "it's", "is", "has", "not",
             "economy", "economic", "we", "...", "said", "tax"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(400):
        a = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 9)))
        b = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 14)))
        ta, tb = _tokens(a), _tokens(b)
        if not ta or not tb:
            continue
        short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
        expected = _scalar_align(short, long_)
        got = [(op.tag, si, dj) for op in _align(short, long_) for si, dj in _op_cells(op)]
        assert got == expected, (a, b)


def _op_cells(op):
    # An _Op spans several steps of one tag: back to one (tag, i, j) per step.
    length = max(op.src_end - op.src_start, op.dest_end - op.dest_start)
    for step in range(length):
        si = op.src_start + (step if op.tag != "insert" else 0)
        dj = op.dest_start + (step if op.tag != "delete" else 0)
        yield si, dj
