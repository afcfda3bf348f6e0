"""Plain records passed between pipeline steps. One dataclass per raw warehouse table.

Character offsets (``char_start``/``char_end``) always index into the *normalized* article text
(``Article.text``), so every extracted row can be traced back to the exact characters it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class InputFile:
    """One file (or one JSON Lines record) read from the articles folder, before normalization."""

    article_id: str  # path relative to the folder without extension (JSONL: "<file>/<line or id>")
    source_path: str  # path relative to the articles folder
    source_format: str  # txt | html | jsonl
    content_hash: str  # sha256 of the raw bytes (JSONL: of the record's line)
    encoding: str  # detected encoding, e.g. utf-8, utf-8-sig, cp1252
    text: str  # decoded text (HTML: the markup itself)
    # Metadata a structured input already carries (JSON Lines fields); None when absent.
    meta: dict = field(default_factory=dict)


@dataclass
class Rejected:
    source_path: str
    reason: str
    content_hash: str | None = None


@dataclass
class Article:
    article_id: str
    source_path: str
    source_format: str
    content_hash: str
    encoding: str
    text: str  # normalized body text (boilerplate removed, paragraphs separated by "\n")
    title: str | None = None
    author: str | None = None
    published_date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    n_lines_removed: int = 0

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass
class EntityMention:
    article_id: str
    mention_text: str
    ner_label: str  # spaCy label of this mention (ORG, PERSON, GPE, ...)
    sentence: str
    char_start: int
    char_end: int
    # Filled by cross-article resolution:
    entity_id: str | None = None
    canonical_name: str | None = None
    entity_type: str | None = None  # organization | person | place | product | group | other


@dataclass
class Figure:
    article_id: str
    raw_text: str
    value: float
    unit: str  # percent | count | USD/EUR/... | multiplier | <physical unit>
    qualifier: str  # exact | approx | at_least | at_most | range
    modality: str  # reported | target | forecast
    sentence: str
    char_start: int
    char_end: int
    value_low: float | None = None
    value_high: float | None = None
    metric: str | None = None
    subject: str | None = None
    subject_entity_id: str | None = None
    period: str | None = None
    scope: str | None = None
    counted_noun: str | None = None  # what a count counts ("vehicles"), lemma
    # The entity mention the subject was read from (set per article, before resolution);
    # ``subject`` / ``subject_entity_id`` then follow that mention's resolved entity.
    subject_mention_id: str | None = None


@dataclass
class Quote:
    article_id: str
    quote_text: str
    char_start: int  # span of the quoted words, quote marks excluded
    char_end: int
    speaker: str | None  # speaker as written ("a company spokesperson", "Smith")
    speaker_char_start: int | None = None  # the speaker mention in the text, if any
    speaker_char_end: int | None = None
    cue: str | None = None  # the speech verb lemma ("say", "tell") or ":" for a colon attribution
    sentence: str | None = None
    speaker_entity_id: str | None = None  # filled by resolution
    speaker_canonical: str | None = None
    speaker_mention_id: str | None = None  # the mention naming the speaker (per article)


@dataclass
class Claim:
    article_id: str
    actor: str | None
    stance: str  # asserts | denies | declines_comment | did_not_respond
    claim_text: str  # the sentence or clause stating the claim
    cue: str  # the cue word (lemma) that decided the stance: "deny", "decline", "report" ...
    sentence: str
    char_start: int
    char_end: int
    actor_char_start: int | None = None
    actor_char_end: int | None = None
    actor_entity_id: str | None = None
    actor_canonical: str | None = None
    actor_mention_id: str | None = None  # the mention naming the actor (per article)


@dataclass
class ExtractionError:
    article_id: str
    stage: str
    error: str
