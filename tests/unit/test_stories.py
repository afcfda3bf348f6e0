"""Near duplicates and story grouping (newsfacts.stories) on small made-up corpora."""

import datetime as dt

import numpy as np

from newsfacts.stories import (
    StoryDoc,
    TextDoc,
    _band_candidates,
    article_features,
    find_near_duplicates,
    group_stories,
    shingle_hashes,
    shingles,
    story_id_for,
    words,
)

D = dt.date(2025, 3, 4)

BRIDGE = (
    "The Harbor Bridge will close for repairs from Monday, the transport department said. "
    "Engineers found cracks in two support cables during an inspection last month and the "
    "repairs are expected to take six weeks. Commuters are advised to use the ferry or the "
    "northern tunnel, where extra lanes will open at rush hour. The department said the "
    "closure would cost the city about $4 million in lost toll revenue."
)
ELECTION = (
    "Voters in the northern district elected a new mayor on Sunday after a close race that "
    "went to a second round. The winner promised to cut property taxes and build more "
    "housing near the train station. Turnout was higher than at the last election, officials "
    "said, and counting finished before midnight without any reported problems."
)


def test_words_and_shingles():
    assert words("Don’t stop—the U.S. said") == ["don't", "stop", "the", "u", "s", "said"]
    assert shingles(["a", "b", "c"], 5) == {"a b c"}
    assert len(shingles(words(BRIDGE), 5)) == len(words(BRIDGE)) - 4
    assert shingles([], 5) == set()


def test_shingle_hashes_are_the_shingle_set_stable_across_runs():
    tokens = words(BRIDGE + " " + BRIDGE)  # repeated shingles count once
    hashes = shingle_hashes(tokens, 5)
    assert hashes.size == len(shingles(tokens, 5))
    assert list(hashes) == sorted(hashes)
    assert shingle_hashes(["a", "b", "c"], 5).size == 1
    assert shingle_hashes([], 5).size == 0
    # blake2b word hashes, not Python's salted hash(): the same value in every process.
    assert int(shingle_hashes(["a", "b"], 5)[0]) == 15825524868302301372
    assert shingle_hashes(["a", "b"], 5)[0] != shingle_hashes(["b", "a"], 5)[0]


def test_exactish_copy_links_to_earliest_original():
    docs = [
        TextDoc("wire/1", D, BRIDGE),
        # A republished copy with a new first line, a day later.
        TextDoc("paper/2", D + dt.timedelta(days=1), "Reprinted from the wire. " + BRIDGE),
        TextDoc("other/3", D, ELECTION),
    ]
    links = find_near_duplicates(docs)
    assert [(x.article_id, x.original_id) for x in links] == [("paper/2", "wire/1")]
    assert links[0].containment == 1.0 and 0.9 < links[0].jaccard < 1.0


def test_original_is_earliest_then_smallest_id_and_undated_last():
    docs = [
        TextDoc("b", D, BRIDGE),
        TextDoc("a", D, BRIDGE + " Updated."),
        TextDoc("c", None, BRIDGE),
        TextDoc("z", D - dt.timedelta(days=3), BRIDGE + " First version."),
    ]
    links = {x.article_id: x.original_id for x in find_near_duplicates(docs)}
    assert links == {"a": "z", "b": "z", "c": "z"}


def test_truncated_copy_is_near_duplicate_by_containment():
    half = " ".join(BRIDGE.split()[:45])
    links = find_near_duplicates([TextDoc("full", D, BRIDGE), TextDoc("short", D, half)])
    assert [(x.article_id, x.original_id) for x in links] == [("short", "full")]
    assert links[0].containment >= 0.85 and links[0].jaccard < 0.7


def test_short_or_different_texts_are_not_linked():
    docs = [
        TextDoc("a", D, "Rain is expected on Monday."),
        TextDoc("b", D, "Rain is expected on Monday."),  # too short to judge
        TextDoc("c", D, BRIDGE),
        TextDoc("d", D, ELECTION),
    ]
    assert find_near_duplicates(docs) == []


def test_no_chain_through_a_roundup():
    """A roundup containing two different briefs makes neither brief a copy of the other."""
    docs = [
        TextDoc("brief1", D, BRIDGE),
        TextDoc("brief2", D, ELECTION),
        TextDoc("roundup", D + dt.timedelta(days=1), BRIDGE + " " + ELECTION),
    ]
    links = find_near_duplicates(docs)
    assert all(x.article_id != "brief2" for x in links)
    assert all(x.original_id != "brief2" or x.article_id == "roundup" for x in links)


def _doc(aid, text, day=D, title=None, ents=None):
    return StoryDoc(aid, day, title, text, ents or {})


def test_same_event_groups_other_event_apart():
    docs = [
        _doc("a", BRIDGE, title="Harbor Bridge to close", ents={"org:dept": 2, "fac:bridge": 3}),
        _doc(
            "b",
            "The Harbor Bridge closes Monday for six weeks of cable repairs, costing about "
            "$4 million in tolls; commuters should take the ferry or the northern tunnel.",
            D + dt.timedelta(days=1),
            title="Bridge repairs: six weeks of closure",
            ents={"fac:bridge": 2},
        ),
        _doc("c", ELECTION, title="New mayor elected", ents={"gpe:district": 1}),
    ]
    out = {x.article_id: x for x in group_stories(docs)}
    assert out["a"].story_id == out["b"].story_id == story_id_for("a")
    assert out["c"].story_id == story_id_for("c")
    assert out["a"].similarity is None and out["b"].similarity >= 0.3
    assert out["c"].centrality == 1.0


def test_time_window_splits_the_same_topic():
    later = D + dt.timedelta(days=60)
    out = {x.article_id: x.story_id for x in group_stories([
        _doc("a", BRIDGE), _doc("b", BRIDGE + " More.", later)
    ])}  # fmt: skip
    assert out["a"] != out["b"]
    # Within the window they are one story.
    out = {x.article_id: x.story_id for x in group_stories([
        _doc("a", BRIDGE), _doc("b", BRIDGE + " More.", D + dt.timedelta(days=5))
    ])}  # fmt: skip
    assert out["a"] == out["b"]


def test_undated_article_needs_more_similarity():
    loose = "The ferry will run extra boats while the bridge is closed, the city said on Monday."
    docs = [_doc("a", BRIDGE), _doc("b", loose)]
    dated = {x.article_id: x for x in group_stories(docs, threshold=0.1, undated_margin=0.0)}
    undated_docs = [_doc("a", BRIDGE), _doc("b", loose, day=None)]
    undated = {
        x.article_id: x for x in group_stories(undated_docs, threshold=0.1, undated_margin=0.9)
    }
    assert dated["a"].story_id == dated["b"].story_id
    assert undated["a"].story_id != undated["b"].story_id


def test_centroid_stops_chaining():
    """A ~ B and B ~ C, but C is unlike the story as a whole: C opens its own story."""
    a = "alpha bravo charlie delta echo foxtrot golf hotel"
    b = "alpha bravo charlie delta india juliet kilo lima"
    c = "india juliet kilo lima mike november oscar papa"
    filler = [_doc(f"f{i}", f"unrelated words number{i} quebec romeo") for i in range(3)]
    docs = [_doc("a", a), _doc("b", b), _doc("c", c), *filler]
    out = {x.article_id: x.story_id for x in group_stories(docs, threshold=0.4)}
    assert out["a"] == out["b"]
    assert out["c"] != out["a"]


def test_grouping_is_deterministic_and_order_free():
    docs = [
        _doc("a", BRIDGE),
        _doc("b", BRIDGE + " Extra sentence here."),
        _doc("c", ELECTION),
    ]
    first = group_stories(docs)
    assert group_stories(list(reversed(docs))) == first
    assert [x.article_id for x in first] == ["a", "b", "c"]


def test_block_size_does_not_change_the_grouping():
    """Story dot products come from block matrix products; the block boundary (here every 16
    articles, the smallest block) must not change which story an article joins."""
    docs = []
    for i in range(40):
        day = D + dt.timedelta(days=i % 9)
        base = (BRIDGE, ELECTION)[i % 2]
        docs.append(_doc(f"a{i:02d}", f"{base} Note {i} word{i % 5}.", day, ents={f"e:{i % 3}": 1}))
    docs.append(_doc("undated", BRIDGE, day=None))
    big = group_stories(docs)
    small = group_stories(docs, block_cells=1)
    assert big == small
    assert len({x.story_id for x in big}) < len(docs)


def test_precomputed_features_give_the_same_results():
    """int_article_features stores article_features per article; near duplicates and stories
    computed from those equal the ones computed from the texts."""
    texts = {
        "a": ("Harbor Bridge to close", BRIDGE),
        "b": ("Bridge closing", BRIDGE.replace("Monday", "Tuesday") + " Ferries run late."),
        "c": ("New mayor", ELECTION),
    }
    feats = {k: article_features(t, x) for k, (t, x) in texts.items()}
    from_text = find_near_duplicates([TextDoc(k, D, x) for k, (_, x) in texts.items()])
    stored = find_near_duplicates(
        [TextDoc(k, D, "", feats[k].shingles, feats[k].minhash) for k in texts]
    )
    assert from_text == stored and [x.article_id for x in stored] == ["b"]
    stored_terms = {k: dict(zip(f.terms, f.term_counts, strict=True)) for k, f in feats.items()}
    assert group_stories([StoryDoc(k, D, t, x) for k, (t, x) in texts.items()]) == group_stories(
        [StoryDoc(k, D, None, "", {}, stored_terms[k]) for k in texts]
    )
    assert feats["a"].term_counts[feats["a"].terms.index("harbor")] == 2 + 1  # title twice
    # The dbt model passes terms and entity counts as (values, counts) arrays, not dicts.
    ents = {"a": {"fac:bridge": 3, "org:dept": 0}, "b": {"fac:bridge": 1}, "c": {}}
    as_maps = group_stories([StoryDoc(k, D, None, "", ents[k], stored_terms[k]) for k in texts])
    as_arrays = group_stories(
        [
            StoryDoc(
                k,
                D,
                None,
                "",
                (np.array(list(ents[k]), dtype=object), np.array(list(ents[k].values()))),
                (np.array(feats[k].terms, dtype=object), np.array(feats[k].term_counts)),
            )
            for k in texts
        ]
    )
    assert as_arrays == as_maps
    assert as_maps[0].story_id == as_maps[1].story_id != as_maps[2].story_id
    assert article_features(None, "too short").minhash.size == 0


def test_skipping_closed_stories_does_not_change_the_grouping():
    """Blocks of dated articles are multiplied only with the members of stories still open to
    them; over bursts of the same topics a month apart (stories open, close and restart), with
    undated articles at the end and the smallest blocks, the stories equal those of the full
    products."""
    docs = []
    for i in range(120):
        day = D + dt.timedelta(days=(i // 20) * 30 + (i % 20) // 4 * 3)
        base = (BRIDGE, ELECTION, BRIDGE + " " + ELECTION)[i % 3]
        docs.append(
            _doc(f"a{i:03d}", f"{base} Update {i} word{i % 7}.", day, ents={f"e:{i % 4}": 1})
        )
    docs += [_doc(f"u{i}", f"{BRIDGE} Undated {i}.", day=None) for i in range(3)]
    pruned = group_stories(docs, block_cells=1)
    assert pruned == group_stories(docs, block_cells=1, prune_closed=False)
    # The window closed stories along the way: each burst restarted its topics.
    assert len({x.story_id for x in pruned}) >= 6 * 2


def test_band_candidates_are_datasketch_lsh_candidates():
    """The per-band sort finds exactly the earlier articles MinHashLSH.query returns. Values
    drawn from {0, 1, 2} make many rows share bands, some on several bands at once."""
    from datasketch import MinHash, MinHashLSH

    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 3, size=(60, 128), dtype=np.uint64)
    signatures[40] = signatures[3]  # a copy shares every band
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    template = MinHash(num_perm=128)
    for i, row in enumerate(signatures):
        lsh.insert(
            i, MinHash(hashvalues=row, permutations=template.permutations, scheme=template.scheme)
        )
    expected = {}
    for i, row in enumerate(signatures):
        found = lsh.query(
            MinHash(hashvalues=row, permutations=template.permutations, scheme=template.scheme)
        )
        if earlier := {j for j in found if j < i}:
            expected[i] = earlier
    got = _band_candidates(signatures, lsh.hashranges)
    assert got == expected
    assert 3 in got[40] and len(got) > 10
