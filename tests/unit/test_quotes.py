"""Quote and stance-claim extraction on real parses (en_core_web_sm).

Two groups: the five seed articles as gold (story names appear only here), and invented
sentences from other kinds of stories covering each attribution and stance pattern.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newsfacts.nlp import get_nlp
from newsfacts.quotes import extract_claims, extract_quotes, load_lexicon

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def seed_docs(nlp) -> dict[str, Doc]:
    # Raw seed text, boilerplate and all: the extractor has to cope with title lines too.
    return {p.name[:3]: nlp(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}


def _check_offsets(doc: Doc, quotes, claims) -> None:
    text = doc.text
    for q in quotes:
        assert text[q.char_start : q.char_end] == q.quote_text
        assert q.quote_text and q.quote_text[0] not in "\"“”‘’'" and q.quote_text[-1] not in "“‘"
        if q.speaker is not None:
            assert text[q.speaker_char_start : q.speaker_char_end] == q.speaker
        assert q.sentence and q.sentence in text
    for c in claims:
        assert text[c.char_start : c.char_end] == c.claim_text
        assert c.stance in {"asserts", "denies", "declines_comment", "did_not_respond"}
        if c.actor is not None:
            assert text[c.actor_char_start : c.actor_char_end] == c.actor


# ---------------------------------------------------------------------------------- seeds

# (seed, the quote starts with, the speaker contains). Every direct quote in the seeds.
SEED_QUOTES = [
    ("000", "completely untrue", "Ford"),
    ("001", "completely false", "Ford"),
    ("002", "Ford would be turning its back", "Moolenaar"),
    ("002", "will make our country further dependent", "Moolenaar"),
    ("002", "only Xi Jinping could love", "Moolenaar"),
    ("002", "This story is completely false. There is no truth to it", "Ford"),
    ("002", "existential threat", "Farley"),
    ("002", "absolutely coming", "Farley"),
    ("002", "Whether these talks are real or not", "Michael Rodriguez"),
    ("002", "This is a logical, albeit bold, exploration", "Sarah Chen"),
    ("002", "It's an absolute betrayal", "Frank Kowalski"),
    ("002", "The denial is predictable", "Evelyn Park"),
    ("003", "Ford has held talks with China's Xiaomi", "Sevastopulo"),
    ("004", "this story is completely false. There is no truth to it", "Ford"),
    ("004", "does not sell its products and services", "Xiaomi"),
    ("004", "want to come in and build a plant", "Trump"),
    ("004", "Oh, I think it’s exactly the same thing", "Farley"),
    ("004", "They have enough capacity in China", "Farley"),
    ("004", "Japan never had that", "Farley"),
    ("004", "I don’t like talking about the competition", "Farley"),
    ("004", "We flew one from Shanghai to Chicago", "Farley"),
    ("004", "For a company like Ford", "Farley"),
    ("004", "The last one was about the Xiaomi product", "Farley"),
    ("004", "In fact, Xiaomi", "Farley"),
    ("004", "Everyone’s talking about the [cancelled] Apple car", "Farley"),
]


@pytest.mark.parametrize(("seed", "starts", "speaker"), SEED_QUOTES)
def test_seed_quote_speaker(seed_docs, seed, starts, speaker):
    quotes = extract_quotes(seed_docs[seed], seed)
    found = [q for q in quotes if q.quote_text.startswith(starts)]
    assert len(found) == 1, [q.quote_text for q in quotes]
    assert found[0].speaker is not None and speaker in found[0].speaker


def test_seed_quotes_offsets_and_no_extras(seed_docs):
    """Every extracted quote is in the gold list: unattributed quoted fragments in title lines
    (‘held talks with China’s Xiaomi' / ‘Humbling’) are dropped, apostrophes never pair up."""
    for seed, doc in seed_docs.items():
        quotes = extract_quotes(doc, seed)
        _check_offsets(doc, quotes, [])
        gold = [s for sd, s, _ in SEED_QUOTES if sd == seed]
        assert len(quotes) == len(gold), [q.quote_text for q in quotes]
        assert all(any(q.quote_text.startswith(s) for s in gold) for q in quotes)


def test_seed_speaker_precision_recall(seed_docs):
    correct = extracted = attributed = 0
    for seed, doc in seed_docs.items():
        quotes = extract_quotes(doc, seed)
        extracted += len(quotes)
        for q in quotes:
            attributed += q.speaker is not None
            gold = [sp for sd, s, sp in SEED_QUOTES if sd == seed and q.quote_text.startswith(s)]
            correct += bool(gold) and q.speaker is not None and gold[0] in q.speaker
    precision, recall = correct / attributed, correct / len(SEED_QUOTES)
    assert extracted == len(SEED_QUOTES)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_seed_quote_cues(seed_docs):
    by_start = {q.quote_text[:20]: q for q in extract_quotes(seed_docs["004"], "004")}
    assert by_start["Oh, I think it’s exa"].cue == "tell"
    assert by_start["They have enough cap"].cue == "continuation"
    colon = [q for q in extract_quotes(seed_docs["002"], "002") if q.cue == ":"]
    assert [q.speaker.split()[-1] for q in colon] == ["Rodriguez", "Chen", "Kowalski", "Park"]
    # "a company spokesperson": the speaker mention is the organization named earlier
    spokes = next(q for q in extract_quotes(seed_docs["002"], "002") if "no truth" in q.quote_text)
    assert spokes.speaker == "Ford" and spokes.speaker_char_start < spokes.char_start


# (seed, actor contains, stance): stances each seed states.
SEED_CLAIMS = [
    ("000", "Xiaomi", "denies"),
    ("000", "Ford", "denies"),
    ("001", "Ford", "denies"),
    ("001", "Xiaomi", "did_not_respond"),
    ("001", "BYD", "declines_comment"),
    ("001", "Financial Times", "asserts"),
    ("002", "Ford", "denies"),
    ("002", "Xiaomi", "did_not_respond"),
    ("002", "BYD", "declines_comment"),
    ("004", "Ford", "denies"),
]


@pytest.mark.parametrize(("seed", "actor", "stance"), SEED_CLAIMS)
def test_seed_claims(seed_docs, seed, actor, stance):
    claims = extract_claims(seed_docs[seed], seed)
    assert any(c.stance == stance and c.actor and actor in c.actor for c in claims), [
        (c.actor, c.stance) for c in claims
    ]


def test_seed_claims_consistent(seed_docs):
    for seed, doc in seed_docs.items():
        claims = extract_claims(doc, seed)
        _check_offsets(doc, [], claims)
        # one claim per (actor, stance, sentence)
        keys = [(c.actor, c.stance, c.sentence) for c in claims]
        assert len(keys) == len(set(keys))
        # nobody in the seeds declines or fails to respond except the two named companies
        quiet = {c.actor for c in claims if c.stance in {"declines_comment", "did_not_respond"}}
        assert quiet <= {"Xiaomi", "BYD"}


def test_seed_passive_denial_by_agent(seed_docs):
    claims = extract_claims(seed_docs["004"], "004")
    passive = [c for c in claims if c.cue == "rubbish"]
    assert [(c.actor, c.stance) for c in passive] == [("both parties", "denies")]
    assert passive[0].claim_text.startswith("A bombshell report")


def test_seed_sources_told_reporter(seed_docs):
    """'Insiders have reportedly told the Financial Times that ...': unnamed sources, so the
    actor is the outlet that reports them."""
    claims = extract_claims(seed_docs["004"], "004")
    told = [c for c in claims if c.cue == "tell"]
    assert told and told[0].actor == "Financial Times" and told[0].stance == "asserts"


def test_seed_pass_is_fast(seed_docs):
    start = time.perf_counter()
    for seed, doc in seed_docs.items():
        extract_quotes(doc, seed)
        extract_claims(doc, seed)
    # a few ms per article on a quiet machine; the bound only catches quadratic blow-ups
    assert time.perf_counter() - start < 2.0


# ---------------------------------------------------------------------------------- invented

# text, expected quotes [(quote_text, speaker)], expected claims [(actor, stance)] (exact sets)
INVENTED = [
    pytest.param(
        '"We left everything on the pitch," said coach Maria Lopez after the final whistle.',
        [("We left everything on the pitch", "Maria Lopez")],
        [],
        id="sports-straight-inverted-said",
    ),
    pytest.param(
        "Senator Alan Brooks told reporters, “The bill will not pass this session.”",
        [("The bill will not pass this session.", "Alan Brooks")],
        [],
        id="politics-curly-told-before",
    ),
    pytest.param(
        "Mayor Karen Bass spoke outside City Hall on Monday. “We are not going anywhere,” she "
        "said, “and we will fight this in court.”",
        [
            ("We are not going anywhere", "Karen Bass"),
            ("and we will fight this in court.", "Karen Bass"),
        ],
        [],
        id="politics-split-quote-she",
    ),
    pytest.param(
        "Dr. Priya Nair, the hospital’s chief of medicine, said the new ward would open in "
        "March. He added, “It’s the region’s first unit, and we don’t intend to stop there.”",
        [("It’s the region’s first unit, and we don’t intend to stop there.", "Priya Nair")],
        [("Priya Nair", "asserts")],
        id="health-pronoun-apostrophes-curly",
    ),
    pytest.param(
        "\"The rock 'n' roll era isn't over,\" said Keith Moon, 72.",
        [("The rock 'n' roll era isn't over", "Keith Moon")],
        [],
        id="music-apostrophes-straight",
    ),
    pytest.param(
        "‘It’s a fantastic result,’ said Emma Stone, the team’s captain. "
        "‘We’ve worked hard for this.’",
        [
            ("It’s a fantastic result", "Emma Stone"),
            ("We’ve worked hard for this.", "Emma Stone"),
        ],
        [],
        id="sports-single-quotes-continue",
    ),
    pytest.param(
        "Governor Jane Whitfield: “We will not raise taxes this year. Not one cent.”",
        [("We will not raise taxes this year. Not one cent.", "Jane Whitfield")],
        [],
        id="politics-colon",
    ),
    pytest.param(
        "“I have been clear from the start,” Whitfield said. “This bill protects workers.\n"
        "“It also protects the businesses that employ them.\n"
        "“We should pass it now.”",
        [
            ("I have been clear from the start", "Whitfield"),
            ("This bill protects workers.", "Whitfield"),
            ("It also protects the businesses that employ them.", "Whitfield"),
            ("We should pass it now.", "Whitfield"),
        ],
        [],
        id="politics-multi-paragraph",
    ),
    pytest.param(
        "Acme Corp has denied the allegations. “These claims are baseless,” a company "
        "spokesperson said.",
        [("These claims are baseless", "Acme Corp")],
        [("Acme Corp", "denies"), ("Acme Corp", "denies")],  # one per sentence
        id="business-company-spokesperson-denial",
    ),
    pytest.param(
        "A representative for Nintendo said the console “will ship in time for the holidays.”",
        [("will ship in time for the holidays.", "Nintendo")],
        [],
        id="business-representative-for",
    ),
    pytest.param(
        "Striker Tom Reyes dismissed the transfer rumours, calling them “total nonsense.”",
        [("total nonsense.", "Tom Reyes")],
        [("Tom Reyes", "denies")],
        id="sports-calling-denial",
    ),
    pytest.param(
        "According to court filings, the company paid $2 million to settle the case.",
        [],
        [("court filings", "asserts")],
        id="courts-according-to",
    ),
    pytest.param(
        "A spokesman for the Department of Justice declined to comment on the investigation.",
        [],
        [("Department of Justice", "declines_comment")],
        id="courts-declined-to-comment",
    ),
    pytest.param(
        "Globex did not respond to a request for comment. Initech did not immediately respond "
        "to emails, and Hooli could not be reached for comment.",
        [],
        [
            ("Globex", "did_not_respond"),
            ("Initech", "did_not_respond"),
            ("Hooli", "did_not_respond"),
        ],
        id="business-did-not-respond",
    ),
    pytest.param(
        "The claims have been rejected by the club's board.",
        [],
        [("the club's board", "denies")],
        id="sports-passive-denial",
    ),
    pytest.param(
        "Both the union and the school district denied that any agreement had been reached.",
        [],
        [("the union", "denies"), ("the school district", "denies")],
        id="education-both-denied",
    ),
    pytest.param(
        "Sources told Reuters that the merger would be announced on Monday.",
        [],
        [("Reuters", "asserts")],
        id="business-sources-told",
    ),
    pytest.param(
        "Zenith Airlines said in a statement that the flight landed safely. The carrier "
        "would not comment on the delay.",
        [],
        [("Zenith Airlines", "asserts"), ("Zenith Airlines", "declines_comment")],
        id="travel-the-carrier-would-not-comment",
    ),
    pytest.param(
        "Prosecutors alleged that the former mayor took bribes. His attorney, Mark Hall, called "
        "the charges “politically motivated” and “untrue.”",
        # A one-word quote ("untrue.") is not extracted (see quotes._is_name_not_speech).
        [("politically motivated", "Mark Hall")],
        [("Prosecutors", "asserts"), ("Mark Hall", "denies")],
        id="courts-alleged-and-appositive-name",
    ),
    pytest.param(
        "“Honestly, I don’t know what to think,” said Maria Chen, who owns a café near the "
        "site. “It could help, or it could push us out.”",
        [
            ("Honestly, I don’t know what to think", "Maria Chen"),
            ("It could help, or it could push us out.", "Maria Chen"),
        ],
        [],
        id="local-tag-with-relative-clause-then-quote",
    ),
    pytest.param(
        "“We played well,” coach Sam Ortiz said. The fans chanted “champions” all night.",
        [("We played well", "Sam Ortiz")],  # "champions": a one-word chant, not a quote
        [],
        id="sports-other-verb-between-keeps-quote-unattributed",
    ),
    pytest.param(
        "Council member Lisa Grant voted against it. \"We're handing over public land for "
        'nothing," she said. "Residents will pay for this for decades."\n'
        "The Hawks' owner, Richard Vale, said the team would contribute $150 million.",
        [
            ("We're handing over public land for nothing", "Lisa Grant"),
            ("Residents will pay for this for decades.", "Lisa Grant"),
        ],
        [("Richard Vale", "asserts")],
        id="local-parse-arc-across-paragraphs-ignored",
    ),
    pytest.param(
        "The ministry called the report false.",
        [],
        [("The ministry", "denies")],
        id="politics-called-false-no-quote",
    ),
    pytest.param(
        "Officials said the fire was contained, according to a statement from the county.",
        [],
        [("Officials", "asserts"), ("a statement from the county", "asserts")],
        id="local-according-to-unnamed-statement",
    ),
    pytest.param(
        "Prices rose sharply in the third quarter, and the harvest was smaller than expected.",
        [],
        [],
        id="economy-nothing",
    ),
    pytest.param(
        "The senator did not say whether she would run again. He never denied the report.",
        [],
        [],
        id="politics-negated-cues",
    ),
    pytest.param(
        "Minister ‘shocked’ by hospital report\nThe health minister said she was shocked by "
        "the findings.",
        [],
        [("The health minister", "asserts")],
        id="health-headline-scare-quote-dropped",
    ),
    pytest.param(
        "Lawmakers have also raised concerns, the newspaper reported.",
        [],
        [("the newspaper", "asserts")],
        id="politics-inverted-reported",
    ),
    pytest.param(
        'Radio host Dana Wolfe said "House conservatives would be insane to agree to these '
        'terms," calling it "a terrible, terrible deal for conservatives."',
        [
            ("House conservatives would be insane to agree to these terms", "Dana Wolfe"),
            ("a terrible, terrible deal for conservatives.", "Dana Wolfe"),
        ],
        [],
        id="politics-subject-inside-quote-is-not-the-speaker",
    ),
    pytest.param(
        "“The new rules are unfair,” Pellman said in a statement. “This one of those times "
        "where one wishes he could reverse the clock,” Pellman said.",
        [
            ("The new rules are unfair", "Pellman"),
            ("This one of those times where one wishes he could reverse the clock", "Pellman"),
        ],
        [],
        id="courts-misparsed-subject-in-quote-skipped",
    ),
    pytest.param(
        "“They are not just showing off missiles,” said Arthur Lane, a specialist at the "
        "Middlebury Institute of International Studies at Monterey, in California. “They are "
        "showing off all the technologies you need.”",
        [
            ("They are not just showing off missiles", "Arthur Lane"),
            ("They are showing off all the technologies you need.", "Arthur Lane"),
        ],
        [],
        id="defense-long-tag-then-quote-continues",
    ),
    pytest.param(
        '"We offered to answer questions," the newspaper\'s Editor in Chief Matthew Conway '
        "said in a statement.",
        [("We offered to answer questions", "Matthew Conway")],
        [],
        id="media-title-phrase-heads-the-name",
    ),
    pytest.param(
        "Pastor Helen Marsh, a minister based in Ohio, tagged the host in a tweet, writing, "
        "“Good sir, the record was perfect.”",
        [("Good sir, the record was perfect.", "Helen Marsh")],
        [],
        id="religion-participle-tagged-as-noun",
    ),
    pytest.param(
        "Higher fees will have a “very limited” impact, according to Mara Quinn, head of the "
        "regulator.",
        [("very limited", "Mara Quinn")],
        [("Mara Quinn", "asserts")],
        id="economy-quote-inside-according-to-clause",
    ),
    pytest.param(
        "Sen. Maria Lopez (D-Ohio) wrote on Twitter that the bill should pass.\n"
        "“We cannot wait any longer,” the senator added later.",
        [("We cannot wait any longer", "Maria Lopez")],
        [("Maria Lopez", "asserts")],
        id="politics-the-senator-is-the-titled-person",
    ),
    pytest.param(
        "Rep. Tom Hardy (D-N.Y.) spoke on Sunday.\n"
        "“I think it was very important,” the New York Democrat told reporters.",
        [("I think it was very important", "Tom Hardy")],
        [],
        id="politics-the-democrat-is-the-party-coded-person",
    ),
    pytest.param(
        "Sen. Maria Lopez spoke first. “We will win,” the governor said.",
        [("We will win", "the governor")],
        [],
        id="politics-description-without-matching-title-stays",
    ),
    pytest.param(
        'I think we will win this. It is close," Smith responded. "But it will be hard.',
        [("I think we will win this. It is close", "Smith"), ("But it will be hard.", "Smith")],
        [],
        id="sports-paragraph-quote-missing-its-opening-mark",
    ),
    pytest.param(
        "Managers were told to stay quiet. Added another employee: “We should all leave now.”",
        [("We should all leave now.", "another employee")],
        [],
        id="business-inverted-tag-before-colon",
    ),
    pytest.param(
        "A commentary published by the state news agency Tass accused the West of hypocrisy. "
        "“The West is lying,” it said.",
        [("The West is lying", "Tass")],
        [],
        id="politics-it-is-the-agency-behind-the-commentary",
    ),
    pytest.param(
        "The Daily Ledger reported that the mayor resigned. According to the report, the "
        "council will meet on Monday.",
        [],
        [("Daily Ledger", "asserts"), ("Daily Ledger", "asserts")],
        id="local-the-report-is-the-outlets",
    ),
    pytest.param(
        "Xenon stated explicitly that no such negotiations occurred.",
        [],
        [("Xenon", "denies")],
        id="business-no-such-thing-happened-is-a-denial",
    ),
    pytest.param(
        "The ministry has not confirmed or denied the report.",
        [],
        [],
        id="politics-not-confirmed-or-denied-is-no-denial",
    ),
    pytest.param(
        "Asked about the remark, Mr. Hale said he didn't say that.",
        [],
        [("Hale", "denies")],
        id="politics-said-he-did-not-say-that",
    ),
    pytest.param(
        "Sheriff Tom Reed spoke briefly. He would not elaborate on the items.",
        [],
        [("Tom Reed", "declines_comment")],
        id="crime-would-not-elaborate",
    ),
    pytest.param(
        "Jane Roe was arrested in June. She has pleaded not guilty.",
        [],
        [("Jane Roe", "denies")],
        id="courts-pleaded-not-guilty",
    ),
    pytest.param(
        "Mayor Ann Price defended the budget on Monday. Opponents included council member "
        "Luis Ortega.\n“This budget ignores the east side,” he said.",
        [("This budget ignores the east side", "Luis Ortega")],
        [],
        id="politics-pronoun-after-introduction",
    ),
    pytest.param(
        "Mayor Ann Price met Luis Ortega on Monday.\n“The talks went well,” she said.",
        [("The talks went well", "Ann Price")],
        [],
        id="politics-pronoun-subject-not-introduced-object",
    ),
    pytest.param(
        "“All I want is justice,” said Mary Poole, the victim’s mother. “This could happen to "
        "anyone.” We would add: the city must act.",
        [("All I want is justice", "Mary Poole"), ("This could happen to anyone.", "Mary Poole")],
        [],
        id="crime-colon-cue-looks-forward",
    ),
    pytest.param(
        "Senator Alan Brooks posted on Friday. “I will vote no,” his tweet continued.",
        [("I will vote no", "Alan Brooks")],
        [],
        id="politics-his-tweet",
    ),
    pytest.param(
        "Fans filled the square. “We want a parade,” several people chanted.",
        [("We want a parade", "several people")],
        [],
        id="sports-chanted",
    ),
    pytest.param(
        "The future of the plant, said Ms. Rivera, depends on “a fair deal with the union.”",
        [("a fair deal with the union.", "Rivera")],
        [],
        id="business-inserted-said-tag",
    ),
    pytest.param(
        "“We will search every field,” State Police Maj. Dana Cole said on Sunday.",
        [("We will search every field", "Dana Cole")],
        [],
        id="crime-rank-abbreviation",
    ),
]


@pytest.mark.parametrize(("text", "quotes", "claims"), INVENTED)
def test_invented(nlp, text, quotes, claims):
    doc = nlp(text)
    got_quotes = extract_quotes(doc, "t")
    got_claims = extract_claims(doc, "t")
    _check_offsets(doc, got_quotes, got_claims)
    assert [(q.quote_text, q.speaker) for q in got_quotes] == quotes
    assert sorted((c.actor, c.stance) for c in got_claims) == sorted(claims)


def test_invented_claim_spans(nlp):
    doc = nlp("Reuters reported that the central bank would raise rates in June.")
    (claim,) = extract_claims(doc, "t")
    assert claim.claim_text == "the central bank would raise rates in June"
    assert claim.cue == "report" and claim.sentence == doc.text
    doc = nlp("According to the league, the match will be replayed next week.")
    (claim,) = extract_claims(doc, "t")
    assert (claim.actor, claim.cue) == ("the league", "according to")
    assert claim.claim_text == "the match will be replayed next week"


def test_invented_denial_inside_reported_speech(nlp):
    doc = nlp('Smith insisted the accusations were "completely false" and "politically motivated."')
    claims = extract_claims(doc, "t")
    assert [(c.actor, c.stance, c.cue) for c in claims] == [("Smith", "denies", "false")]


# ---------------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        'He said "this never ends.\n“Another ‘one ” and ’ stray " marks\n"',
        '"""" “” ‘’ \'\'',
        "“\n”\n‘",
        "No quotes at all, just a sentence without any cue",
    ],
)
def test_odd_input_does_not_crash(nlp, text):
    doc = nlp(text)
    quotes = extract_quotes(doc, "odd")
    claims = extract_claims(doc, "odd")
    _check_offsets(doc, quotes, claims)


def test_unbalanced_quote_runs_to_paragraph_end(nlp):
    doc = nlp('The chief said "this never ends\nNext paragraph.')
    (quote,) = extract_quotes(doc, "t")
    assert quote.quote_text == "this never ends"
    assert quote.speaker == "The chief"


def test_unparsed_docs(nlp):
    """A Doc without a parse (tokenizer only, or built from words) still yields its quotes."""
    doc = nlp.make_doc('"Hello there," said John.\nMary Poppins: "A spoonful of sugar."')
    quotes = extract_quotes(doc, "t")
    assert [q.quote_text for q in quotes] == ["Hello there", "A spoonful of sugar."]
    assert extract_claims(doc, "t") == []
    words = Doc(
        nlp.vocab, words=['"', "Hi", "all", '"', "he", "said", "."], spaces=[0, 1, 0, 1, 1, 0, 0]
    )
    assert [q.quote_text for q in extract_quotes(words, "t")] == ["Hi all"]


def test_five_megabyte_line(nlp):
    line = ('"Quote number one," said Smith, while Jones denied it. ' * 100_000)[:5_000_000]
    doc = nlp.make_doc(line)  # parsing 5 MB would dominate; the extractor must stay linear
    start = time.perf_counter()
    quotes = extract_quotes(doc, "big")
    assert len(quotes) > 80_000 and quotes[0].quote_text == "Quote number one"
    assert all(len(q.sentence) <= 3000 for q in quotes[:100])
    assert time.perf_counter() - start < 30


def test_long_run_on_sentence_parsed(nlp):
    text = '"Quote number one," said Smith, while Jones denied the report and said "nothing" ' * 80
    doc = nlp(text)
    quotes = extract_quotes(doc, "t")
    claims = extract_claims(doc, "t")
    _check_offsets(doc, quotes, claims)
    assert quotes and all(len(q.sentence) <= 3000 for q in quotes)


def test_lexicon_is_generic():
    lex = load_lexicon()
    assert {"say", "tell", "state", "insist", "characterize"} <= lex.speech_verbs
    assert {"deny", "refute", "rubbish"} <= lex.deny_verbs_strong
    words = {w for name in lex.__dataclass_fields__ for w in getattr(lex, name)}
    assert not words & {"ford", "xiaomi", "byd", "farley", "moolenaar", "financial times"}
