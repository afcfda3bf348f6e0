"""Resolution of entity mentions into one canonical entity each (pure Python, no Dagster).

Resolution works in three passes over every mention of every article:

1. Each mention gets a *key*: casefolded, accents and punctuation removed, leading "the",
   possessive "'s", company suffixes ("Co.", "Inc") and personal titles ("Mr.") dropped, and
   known aliases mapped ("U.S." / "the United States" -> "United States").
2. Within one article, a short key is attached to the one longer key it abbreviates
   ("Smith" -> "Jane Smith" by surname; "Acme" -> "Acme Motor" by leading tokens; an acronym
   "NTSB" -> "National Transportation Safety Board", also written with its letters apart: "J&J"
   -> "Johnson & Johnson"). A one-word name the model typed as a place, event or work joins the
   one person of that surname the article names in full ("Pelosi" tagged GPE -> "Nancy Pelosi"),
   if at least half of the articles that write it bare name such a person (not "Israel").
   Ambiguous short keys stay as they are.
3. Across articles, a short key with no long form in its own article is attached to the long form
   that every other article attached it to, if that is always the same one.

The entity type is a vote over all the entity's mentions, so one mis-tagged mention does not
split an entity or change its type.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsfacts.entities import (
    _PREFIX_LABELS,
    _acronyms,
    _strip_possessive,
    acronym_of_key,
    first_names,
    lexicon,
    mention_key,
)
from newsfacts.ids import row_id
from newsfacts.records import EntityMention


class _ShortForms:
    """The long keys of one article indexed by every short form ``_abbreviates`` accepts (a
    person's trailing words, an organisation's leading words, its acronyms), so each short key
    finds its expansions by look-up instead of a test against every other key: the pairwise
    test was quadratic in an article's keys (7.8 M tests for the 651,374 mentions of 10,000
    articles; resolve() took 13.1 s with it, 7.0 s without)."""

    def __init__(self, keys: Iterable[str], tokens: dict[str, tuple], person: dict[str, bool]):
        self.person = person
        self.tokens = tokens
        self.suffix: dict[tuple, set[str]] = defaultdict(set)  # "Smith" -> "Jane Smith"
        self.prefix: dict[tuple, set[str]] = defaultdict(set)  # "Acme" -> "Acme Robotics"
        self.acronym: dict[str, set[str]] = defaultdict(set)  # "NTSB" -> "National ..."
        for long in keys:
            lg = tokens[long]
            index = self.suffix if person[long] else self.prefix
            for n in range(1, len(lg)):
                index[lg[-n:] if person[long] else lg[:n]].add(long)
            if not person[long] and len(lg) > 1:
                for a in _acronyms(list(lg)):
                    self.acronym[a].add(long)

    def expansions(self, short: str) -> set[str]:
        """Every key of the article that ``short`` abbreviates (``_abbreviates`` is true)."""
        s = self.tokens[short]
        if not s:
            return set()
        out = set(self.suffix.get(s, ()))
        if not self.person[short]:
            out |= self.prefix.get(s, set())
        letters = acronym_of_key(s, self.person[short])
        if letters is not None:
            out |= self.acronym.get(letters, set())
        out.discard(short)
        return out


@dataclass
class _Cluster:
    key: str
    labels: Counter
    surfaces: Counter


def _person_like(labels: Counter) -> bool:
    return labels.get("PERSON", 0) > sum(labels.values()) / 2


def _person_name(key: str, labels: Counter, surfaces: Counter) -> bool:
    """A name of two or three words the model typed an organization at least as often as a
    person, that is a person's: the votes tie ("Brett Kavanaugh" once each), or it begins with
    a common given name and has at most two mentions to vote ("Edward Snowden" tagged ORG once).
    Many mentions typed ORG outvote a given name ("Morgan Stanley"). Not for names typed as
    places: too many begin with a given name ("Ann Arbor", "Hong Kong")."""
    if labels.get("PERSON", 0) == labels.get("ORG", 0):
        return True
    words = key.split()
    lex = lexicon()
    return (
        len(words) <= 3
        and words[0] in first_names()
        and sum(labels.values()) <= 2
        and not set(words) & (lex.org_heads | lex.place_heads)
        and not any("&" in s for s in surfaces)  # "Johnson & Johnson"
    )


def resolve(mentions: Iterable[EntityMention]) -> list[EntityMention]:
    """Fill entity_id, canonical_name and entity_type on every mention (see module docstring)."""
    mentions = list(mentions)
    counts = Counter((m.article_id, m.mention_text, m.ner_label) for m in mentions)
    resolved = resolve_names(counts.items())
    for m in mentions:
        m.entity_id, m.canonical_name, m.entity_type = resolved[
            (m.article_id, m.mention_text, m.ner_label)
        ]
    return mentions


Name = tuple[str, str, str]  # (article_id, mention_text, ner_label)


def resolve_names(names: Iterable[tuple[Name, int]]) -> dict[Name, tuple[str, str, str]]:
    """Resolution itself, over each distinct name of an article with its number of mentions:
    (article_id, mention_text, ner_label) -> (entity_id, canonical_name, entity_type).

    Every rule depends on the mentions only through these counts, so the warehouse resolves
    its 352,714 distinct names instead of 651,481 mentions (10,000 articles)."""
    lex = lexicon()
    names = list(names)
    key_of: dict[tuple[str, str], str] = {}  # names repeat across articles: one key each
    keys = []
    for (_, text, label), _n in names:
        k = key_of.get((text, label))
        if k is None:
            k = key_of[(text, label)] = mention_key(text, label)
        keys.append(k)

    clusters: dict[str, _Cluster] = {}
    for ((_, text, label), n), key in zip(names, keys, strict=True):
        c = clusters.get(key)
        if c is None:  # not setdefault: that builds two Counters per name
            c = clusters[key] = _Cluster(key, Counter(), Counter())
        c.labels[label] += n
        c.surfaces[_strip_possessive(text)] += n

    # Pass 2: within each article, short keys to the unique longer key they abbreviate.
    # Per-key facts are computed once: this loop runs over every article of the warehouse on
    # each load. Label ties are broken by a fixed order (not by which mention came first), so
    # the result does not depend on mention order.
    order = list(lex.types)

    def top_label(labels: Counter) -> str:
        return max(labels, key=lambda lbl: (labels[lbl], -order.index(lbl)))

    prefixable = {k for k, c in clusters.items() if top_label(c.labels) in _PREFIX_LABELS}
    person = {k: _person_like(clusters[k].labels) for k in prefixable}
    by_article: dict[str, set[str]] = defaultdict(set)
    # One-word names the model typed as a place, event or work ("Pelosi" GPE, "Schiff" LOC):
    # candidates only for the surname of a person the same article names in full.
    bare: dict[str, set[str]] = defaultdict(set)
    for ((article_id, _, _), _n), key in zip(names, keys, strict=True):
        if key in prefixable:
            by_article[article_id].add(key)
        elif key and " " not in key:
            bare[article_id].add(key)
    local: dict[tuple[str, str], str] = {}
    targets_seen: dict[str, set[str]] = defaultdict(set)
    tokens = {k: tuple(k.split()) for k in prefixable}
    # A one-word name is read as a surname only where it mostly is one: in at least half of the
    # articles that write it bare, a person of that surname is also named in full. "Kasich"
    # typed GPE qualifies; "Israel" (Rep. Steve Israel) and "Washington" (George Washington) do
    # not: most articles that write them bare mean the place.
    bare_in: Counter = Counter()
    surname_in: Counter = Counter()
    for article_id, words in bare.items():
        keys_here = by_article.get(article_id, ())
        here = {tokens[k][-1] for k in keys_here if person[k] and len(tokens[k]) > 1}
        for word in words:
            bare_in[word] += 1
            surname_in[word] += word in here
    surname_like = {w for w, n in bare_in.items() if 2 * surname_in[w] >= n}
    for article_id, article_keys in by_article.items():
        if len(article_keys) < 2 and not bare.get(article_id):
            continue
        forms = _ShortForms(article_keys, tokens, person)
        for short in article_keys:
            candidates = forms.expansions(short)
            if len(candidates) == 1:
                (target,) = candidates
                local[(article_id, short)] = target
                targets_seen[short].add(target)
            elif candidates:
                targets_seen[short].update(candidates)
        for short in bare.get(article_id, set()) & surname_like:
            # Local only: across articles the same word may well be the place it was typed as.
            people = {k for k in forms.suffix.get((short,), ()) if person[k]}
            if len(people) == 1:
                local[(article_id, short)] = next(iter(people))

    # Pass 3: across articles, only where every article agreed on one long form.
    global_target = {
        short: next(iter(targets)) for short, targets in targets_seen.items() if len(targets) == 1
    }

    def root(article_id: str, key: str) -> str:
        seen = set()
        while key not in seen:
            seen.add(key)
            nxt = local.get((article_id, key)) or global_target.get(key)
            if nxt is None:
                return key
            key = nxt
        return key

    members: dict[str, list[int]] = defaultdict(list)
    for i, (((article_id, _, _), _n), key) in enumerate(zip(names, keys, strict=True)):
        members[root(article_id, key)].append(i)

    surnames = {
        key.rsplit(" ", 1)[-1]
        for key, c in clusters.items()
        if " " in key and _person_like(c.labels)
    }
    out: dict[Name, tuple[str, str, str]] = {}
    for r, idxs in members.items():
        # Type vote over the full-name mentions when there are any: the model tags "Marc
        # Kasowitz" reliably but the bare "Kasowitz" often as an organization.
        full = [i for i in idxs if keys[i] == r]
        labels: Counter = Counter()
        for i in full or idxs:
            (_, _, label), n = names[i]
            labels[label] += n
        label = top_label(labels)
        if label == "ORG" and " " in r and _person_name(r, labels, clusters[r].surfaces):
            label = "PERSON"
        # News style introduces a person by full name. A one-word "person" that never appears
        # as the last name of a full name anywhere, and that the model also tagged as an
        # organization, is an organization the small model mis-tags (brand names often are).
        if label == "PERSON" and " " not in r and labels.get("ORG") and r not in surnames:
            label = "ORG"
        label = lex.label_of_name.get(r, label)
        entity_type = lex.types[label]
        canonical = lex.alias_to_canonical.get(r)
        if canonical is None:
            surfaces = clusters[r].surfaces
            canonical = max(surfaces, key=lambda s: (surfaces[s], len(s), s))
        entity = (row_id("entity", r), canonical, entity_type)
        for i in idxs:
            out[names[i][0]] = entity
    return out
