"""Entity mentions from spaCy NER (``extract_mentions``), their keys (``mention_key``) and the
per-article look-ups that link speakers and subjects to them (``EntityIndex``).

Resolution across articles into one canonical entity each is in ``newsfacts.resolution``: it
reruns over the whole warehouse on every load, so a change to it must not re-extract articles
(this module is part of the extractor version, ``newsfacts.incremental``; that one is not).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc

from newsfacts.records import EntityMention


@dataclass(frozen=True)
class _Lexicon:
    alias_to_canonical: dict[str, str]
    org_suffixes: frozenset[str]
    person_prefixes: frozenset[str]
    not_entities: frozenset[str]
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    honorifics: frozenset[str]
    place_acronyms: frozenset[str]
    types: dict[str, str]
    label_of_name: dict[str, str]  # normalized name -> spaCy label it always has


def known_names() -> dict[str, str]:
    """The one-word names of ``known_labels`` (lower case) -> the spaCy label they get."""
    return {name: label for name, label in lexicon().label_of_name.items() if " " not in name}


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Common given names (lower case): those of 90 % of people in the US Census 1990 name
    frequency lists, which the ``names`` package ships (5,128 of its 5,163 distinct names
    are kept). Evidence that "Carly Fiorina" is a person when the small model says organization."""
    out = set()
    for table in ("dist.male.first", "dist.female.first"):
        for line in resources.files("names").joinpath(table).read_text().splitlines():
            parts = line.split()  # NAME  frequency%  cumulative%  rank
            if len(parts) == 4 and float(parts[2]) <= 90.0:
                out.add(parts[0].lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    data = yaml.safe_load(resources.files("newsfacts.data").joinpath("entities.yaml").read_text())
    alias_to_canonical = {}
    for canonical, aliases in data["aliases"].items():
        for alias in [*aliases, canonical]:
            alias_to_canonical[_plain(alias)] = canonical
    return _Lexicon(
        alias_to_canonical=alias_to_canonical,
        org_suffixes=frozenset(data["org_suffixes"]),
        person_prefixes=frozenset(data["person_prefixes"]),
        not_entities=frozenset(_plain(x) for x in data["not_entities"]),
        org_heads=frozenset(_plain(x) for x in data["org_heads"]),
        place_heads=frozenset(_plain(x) for x in data["place_heads"]),
        honorifics=frozenset(_plain(x) for x in data["honorifics"]),
        place_acronyms=frozenset(_plain(x) for x in data["place_acronyms"]),
        types=dict(data["types"]),
        label_of_name={
            _plain(name): label
            for label, names in (data.get("known_labels") or {}).items()
            for name in names
        },
    )


def _plain(text: str) -> str:
    """Casefold, drop accents, turn punctuation into spaces ("U.S." -> "u s")."""
    text = unicodedata.normalize("NFKD", text)
    out = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            out.append(ch.casefold())
        elif ch in "'’":
            continue  # "Macy's" -> "macys"
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def mention_key(text: str, label: str) -> str:
    """The normalized name a mention is compared by (see module docstring, pass 1)."""
    lex = lexicon()
    text = _strip_possessive(text.strip())
    plain = _plain(text)
    if plain in lex.alias_to_canonical:
        return _plain(lex.alias_to_canonical[plain])
    tokens = plain.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if label == "PERSON":
        while len(tokens) > 1 and tokens[0] in lex.person_prefixes:
            tokens = tokens[1:]
    else:
        while len(tokens) > 1 and tokens[-1] in lex.org_suffixes:
            tokens = tokens[:-1]
    key = " ".join(tokens)
    if key in lex.alias_to_canonical:
        return _plain(lex.alias_to_canonical[key])
    if label != "PERSON" and tokens[:2] == ["u", "s"] and len(tokens) > 2:
        # "U.S. Health and Human Services" is the agency the alias list knows without "U.S."
        rest = " ".join(tokens[2:])
        if rest in lex.alias_to_canonical:
            return _plain(lex.alias_to_canonical[rest])
    return key


def _clean_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Trim determiners, possessive markers and punctuation off a NER span (token indices)."""
    while start < end and (
        doc[start].is_punct or doc[start].tag_ == "POS" or doc[start].lower_ in ("the", "a", "an")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in ("and", "or", "&")
    ):
        end -= 1
    return (start, end) if end > start else None


# Small words that stay lowercase in title-cased headings.
_STOP_IN_TITLES = frozenset(
    "a an and as at by for from in into of on or the to with vs".split()  # noqa: SIM905
)


def _is_heading(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies on a short title-cased line with no closing punctuation
    (a headline or section heading), where the small model's NER mostly guesses."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    if not words or len(words) > 14 or line[-1:] in ".?!\"”'’:":
        return False
    return all(w[0].isupper() or w.lower() in _STOP_IN_TITLES for w in words)


_NOT_A_NAME_RE = re.compile(r"@|https?:|www\.|\.com\b|/|\d:\d")


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A NER span split where the model ran two names together: "Women's Media Center (WMC"
    -> the name and its acronym; "PS: Jane Doe" -> the part after the colon."""
    for k in range(end - 1, start, -1):
        if doc[k].text == ":":
            start = k + 1
            break
    opens = [k for k in range(start, end) if doc[k].text == "("]
    if not opens or any(doc[k].text == ")" for k in range(start, end)):
        return [(start, end)]
    k = opens[0]
    out = [(start, k)]
    inner = [t for t in doc[k + 1 : end] if not t.is_punct]
    if len(inner) == 1 and inner[0].text.isupper() and len(inner[0].text) > 1:
        out.append((inner[0].i, inner[0].i + 1))  # the acronym written in brackets
    return out


def _relabel(doc: Doc, start: int, end: int, label: str) -> str:
    """Fix the small model's type guess from the name's own head word and a title before it:
    "the Chicago Sun-Times" (tagged a place) is a newspaper, "Center for X Studies" an
    organization, "Clinton County" a place, "Dr. Jane Doe" a person."""
    lex = lexicon()
    words = [_plain(t.text) for t in doc[start:end]]
    words = [w for w in words if w]
    if not words:
        return label
    # The head of "Institute of X" / "Center for X" is the noun before the first preposition.
    heads = {words[-1].split()[-1]}
    for k, t in enumerate(doc[start:end]):
        if t.lower_ in ("of", "for", "on") and k > 0:
            heads.add(words[k - 1].split()[-1] if k - 1 < len(words) else "")
            break
    prev = doc[start - 1] if start > 0 else None
    titled = (prev is not None and _plain(prev.text) in lex.honorifics) or (
        len(words) > 1 and words[0] in lex.honorifics
    )
    if titled and label != "PERSON" and all(t.is_title or t.is_punct for t in doc[start:end]):
        return "PERSON"
    if label == "PERSON" and any(ch.isdigit() for w in words for ch in w):
        return "ORG"  # no one's name has digits ("MI6")
    if (
        label == "PERSON"
        and len(words) == 1
        and prev is not None
        and prev.lower_ == "the"
        and doc[start].dep_ not in ("compound", "nmod", "amod", "poss")
    ):
        return "ORG"  # "told the Herald": a person's name takes no article ("the Biden plan" does)
    if label == "PERSON" and len(words) == 1 and _publication_slot(doc[start]):
        return "ORG"  # "the December issue of Reason", "Reason reports"
    if label == "PERSON" and len(words) > 1 and words[-1] in lex.org_suffixes:
        return "ORG"  # nor a company suffix ("Bloomberg LP")
    if label in ("GPE", "LOC") and end - start == 1 and _org_acronym(doc[start].text):
        return "ORG"  # "the NRA", tagged a place: an acronym is an organization's
    if len(words) < 2:
        return label
    if label in ("GPE", "FAC", "LOC", "PERSON") and heads & lex.org_heads:
        return "ORG"
    if label == "ORG" and words[-1] in lex.place_heads:
        return "GPE" if words[-1] in ("county", "city", "state", "province") else "FAC"
    return label


def extract_mentions(doc: Doc, article_id: str) -> list[EntityMention]:
    """Named-entity mentions worth resolving (dates, numbers and junk spans dropped)."""
    lex = lexicon()
    mentions = []
    doc_text = doc.text  # Doc.text is rebuilt from every token on each access: read it once
    listed_places = _listed_places(doc)
    for ent in doc.ents:
        if ent.label_ not in lex.types:
            continue
        label = "GPE" if ent.start in listed_places else ent.label_
        for piece in _pieces(doc, ent.start, ent.end):
            mention = _mention(doc, doc_text, article_id, piece, label)
            if mention is not None:
                mentions.append(mention)
        if ent.label_ == "PERSON":
            state = _party_state(doc, ent.end)
            if state is not None:
                mention = _mention(doc, doc_text, article_id, state, "GPE")
                if mention is not None:
                    mentions.append(mention)
    return mentions


# Nouns a publication's name hangs on ("an issue of X", "the editor of X", "a reporter for X").
_PUBLICATION_NOUNS = frozenset(
    {"issue", "edition", "editor", "reporter", "columnist", "correspondent", "publisher",
     "writer", "contributor", "article", "column", "story", "op-ed", "editorial"}
)  # fmt: skip


def _publication_slot(tok) -> bool:
    """A one-word name where a publication, not a person, stands: the object of "of/for/at"
    after a publication noun, or the subject of "reports" in the present tense (people are
    said to have reported; outlets "report")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("of", "for", "at"):
        return head.head.lemma_.lower() in _PUBLICATION_NOUNS
    return tok.dep_ == "nsubj" and head.lower_ == "reports"


_ACRONYM_RE = re.compile(r"[A-Z]{3,5}")


def _org_acronym(text: str) -> bool:
    """Three to five capitals that are not a known place ("USA", "UAE" are aliases; "NYC" is
    listed in ``place_acronyms``)."""
    if not _ACRONYM_RE.fullmatch(text):
        return False
    key = _plain(text)
    lex = lexicon()
    return key not in lex.alias_to_canonical and key not in lex.place_acronyms


_PLACE_NER = frozenset({"GPE", "LOC"})


def _listed_places(doc: Doc) -> set[int]:
    """Names the model typed a person or organization inside a list that is mostly places
    ("Dhaka, Algiers, Kabul, Herat, Mazar el Sharif and Basrah": Herat ORG, Mazar el Sharif
    PERSON): the members of a list are of one kind. A list is the names joined by conj/appos
    arcs; at least three members, more than half of them typed places. Returns the start
    tokens of the names to retype as places."""
    ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "PERSON", "ORG")]
    if len(ents) < 3:
        return set()
    owner = {}
    for k, e in enumerate(ents):
        for i in range(e.start, e.end):
            owner[i] = k
    parent = list(range(len(ents)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for k, e in enumerate(ents):
        root = e.root
        if root.dep_ in ("conj", "appos") and root.head.i in owner:
            parent[find(k)] = find(owner[root.head.i])
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(ents)):
        groups[find(k)].append(k)
    out: set[int] = set()
    for members in groups.values():
        places = sum(ents[k].label_ in _PLACE_NER for k in members)
        if len(members) >= 3 and 2 * places > len(members):
            out.update(ents[k].start for k in members if ents[k].label_ not in _PLACE_NER)
    return out


_PARTY_LETTERS = frozenset({"D", "R", "I"})


def _party_state(doc: Doc, end: int) -> tuple[int, int] | None:
    """The state in a politician's party tag right after the name, "Jane Doe (D-N.Y.)" or
    "Jane Doe, R-Texas,": the model never tags it, and it is a place the article names."""
    k = end
    if k + 3 >= len(doc) or doc[k].text not in ("(", ","):
        return None
    if doc[k + 1].text not in _PARTY_LETTERS or doc[k + 2].text not in ("-", "–"):
        return None
    close = ")" if doc[k].text == "(" else ","
    for j in range(k + 3, min(k + 6, len(doc))):
        if doc[j].text == close or (close == "," and doc[j].text in (".", ")")):
            state = (k + 3, j)
            if j > k + 3 and all(t.text[:1].isupper() for t in doc[k + 3 : j]):
                return state
            return None
    return None


def _mention(
    doc: Doc, doc_text: str, article_id: str, piece: tuple[int, int], label: str
) -> EntityMention | None:
    lex = lexicon()
    if True:
        span = _clean_span(doc, *piece)
        if span is None:
            return None
        s = doc[span[0] : span[1]]
        text = s.text
        # Spans across paragraphs, without any capital letter or with a broken bracket are parse
        # noise, not names. Headline-style lines (no verb) are where the small model guesses.
        if (
            "\n" in text
            or not any(ch.isupper() for ch in text)
            or len(s) > 8
            or text.count("(") != text.count(")")
            # Handles, links and references ("@user", "pic.twitter.com/x", "John 10:30").
            or _NOT_A_NAME_RE.search(text)
            or _is_heading(doc_text, s.start_char, s.end_char)
        ):
            return None
        if len(s) == 1 and (
            s[0].pos_ in ("ADV", "ADJ", "VERB", "ADP", "PRON") or s[0].tag_ == "NNS"
        ):
            return None  # "Mysteriously, ..." / "Pols celebrate": a capitalized common word
        label = _relabel(doc, s.start, s.end, label)
        key = mention_key(text, label)
        if len(key) < 2 or key in lex.not_entities or key in lex.org_suffixes:
            return None  # "Limited" cut off "Acme Co., Limited (ACL)" is no name on its own
        return EntityMention(
            article_id=article_id,
            mention_text=text,
            ner_label=label,
            sentence=s.sent.text.strip(),
            char_start=s.start_char,
            char_end=s.end_char,
        )


def _acronym(tokens: Sequence[str]) -> str:
    return "".join(t[0] for t in tokens if t)


# Words acronyms usually skip ("Bureau of Labor Statistics" -> BLS).
_ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "at", "to", "a"})


def _acronyms(tokens: Sequence[str]) -> set[str]:
    """The ways a long name is written as an acronym: every word, or the content words only;
    a leading country ("U.S. Department of ...") may be left out."""
    out = set()
    for toks in (tokens, tokens[2:] if tokens[:2] == ["u", "s"] else ()):
        if len(toks) > 1:
            out.add(_acronym(toks))
            out.add(_acronym([t for t in toks if t not in _ACRONYM_SKIP]))
    return out


# Labels whose short forms abbreviate long names by leading tokens ("Acme" -> "Acme Robotics").
# Nationalities and places are excluded: "Chinese" does not abbreviate "Chinese Communist Party".
_PREFIX_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "PERSON"})


def acronym_of_key(tokens: Sequence[str], is_person: bool = False) -> str | None:
    """The acronym a short key spells, if it is one: "ntsb", or letters the key splits at
    punctuation ("J&J" -> "j j" -> "jj", "P&G"); initials written apart ("P.G.") are a
    person's, not an acronym, when the key is a person's."""
    if len(tokens) == 1 and len(tokens[0]) > 1:
        return tokens[0]
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens) and not is_person:
        return "".join(tokens)
    return None


def _abbreviates(short: str, long: str, short_is_person: bool, long_is_person: bool) -> bool:
    """Whether key ``short`` can be a short form of key ``long``."""
    if short == long or not short or not long:
        return False
    s, lg = short.split(), long.split()
    letters = acronym_of_key(s, short_is_person)
    acronym = letters is not None and len(lg) > 1 and not long_is_person
    if acronym and letters in _acronyms(lg):
        return True  # "NTSB" -> "National Transportation Safety Board"
    if len(s) >= len(lg):
        return False
    if long_is_person:
        # "Smith" -> "Jane Smith"; "Jane" alone is not enough to name a person.
        return s == lg[-len(s) :]
    if short_is_person:
        return False
    # "Acme" -> "Acme Robotics".
    return s == lg[: len(s)]


@dataclass
class EntityIndex:
    """Look-ups from text positions and names to resolved entities, for speakers and subjects."""

    mentions: list[EntityMention]

    def __post_init__(self) -> None:
        self._by_article: dict[str, list[EntityMention]] = defaultdict(list)
        for m in self.mentions:
            self._by_article[m.article_id].append(m)

    def at(self, article_id: str, start: int, end: int) -> EntityMention | None:
        """The resolved mention overlapping [start, end), the longest overlap first."""
        best, best_overlap = None, 0
        for m in self._by_article.get(article_id, ()):
            overlap = min(end, m.char_end) - max(start, m.char_start)
            if overlap > best_overlap:
                best, best_overlap = m, overlap
        return best

    def by_name(self, article_id: str, name: str) -> EntityMention | None:
        """A mention in the same article whose entity the name denotes (key or short form)."""
        for label in ("PERSON", "ORG"):
            key = mention_key(name, label)
            if not key:
                continue
            for m in self._by_article.get(article_id, ()):
                mk = mention_key(m.mention_text, m.ner_label)
                # The NER label, not the resolved type: the link is made per article, before
                # (and independently of) resolution across the warehouse.
                m_person = m.ner_label == "PERSON"
                if mk == key or _abbreviates(key, mk, label == "PERSON", m_person):
                    return m
        return None

    def lookup(
        self, article_id: str, text: str | None, start: int | None, end: int | None
    ) -> EntityMention | None:
        if start is not None and end is not None:
            found = self.at(article_id, start, end)
            if found is not None:
                return found
        return self.by_name(article_id, text) if text else None
