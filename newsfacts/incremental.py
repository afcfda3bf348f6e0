"""What a run must (re)process, given the articles folder and what the warehouse already holds.

The ledger is ``raw.articles``: one row per article with the sha256 of its raw bytes
(``content_hash``), of its normalized text (``text_hash``) and the ``extractor_version`` that
produced its rows. The rules, applied on every run:

* **new** article id (file, or JSON Lines record) -> normalized, extracted, loaded;
* **unchanged** (same id, same content hash, same extractor version) -> not read again;
* **changed** (same id, other content hash) -> its old rows are deleted, it is processed anew;
* **deleted** (id no longer in the folder) -> its rows are deleted from every raw table, so it
  leaves the marts on the same run. A renamed file is a deletion plus a new article;
* **new extractor version** (the extraction code, its word lists, the spaCy model or the JSON
  Lines field map changed) -> every article it touched is processed again;
* **exact copies** are decided over the whole warehouse by ``duplicate_map`` (first by sorted
  id), so an old article can become a copy of a new one (its facts are deleted) or stop being
  one (it is extracted from its stored text);
* **rejected** inputs are cheap to reject again, so ``raw.rejected_inputs`` is rebuilt each run.

Entity resolution is *not* per article: it runs over every stored mention on each load that
adds or removes mentions, or that finds new resolution code (``resolver_version``), in
``newsfacts.warehouse.apply_changes``; so adding articles in several runs gives the same tables
as loading them all at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata, resources

from newsfacts.normalize import duplicate_map, text_hash
from newsfacts.records import Article, InputFile, Rejected

# The modules and data whose change changes an article's extracted rows (resolution.py and
# the loader are not here: they rerun over the whole warehouse, see resolver_version).
_VERSIONED_MODULES = (
    "ingest.py",
    "normalize.py",
    "extract.py",
    "entities.py",
    "figures.py",
    "quotes.py",
    "records.py",
    "nlp.py",
    "ids.py",
)


@lru_cache(maxsize=8)
def extractor_version(field_map_json: str = "{}") -> str:
    """A short hash of everything that decides one article's rows."""
    from newsfacts.nlp import MODEL_PACKAGE

    digest = hashlib.sha256()
    package = resources.files("newsfacts")
    for name in _VERSIONED_MODULES:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes())
    for item in sorted(package.joinpath("data").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    try:
        model_version = metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        model_version = "unknown"
    digest.update(f"{MODEL_PACKAGE}=={model_version}\0{field_map_json}".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def resolver_version() -> int:
    """A hash of the resolution code (``resolution.py``), as a BIGINT for the state table: the
    load resolves again when it changed, even if no mention did. Its inputs (``entities.py``,
    the lexicon) are part of the extractor version, whose change re-extracts every article."""
    data = resources.files("newsfacts").joinpath("resolution.py").read_bytes()
    return int(hashlib.sha256(data).hexdigest()[:15], 16)


def version_for(field_map: dict | None) -> str:
    return extractor_version(json.dumps(field_map or {}, sort_keys=True))


@dataclass(frozen=True)
class StoredArticle:
    """One ledger row (``raw.articles``) as the planner needs it."""

    article_id: str
    content_hash: str
    text_hash: str | None
    duplicate_of: str | None
    extractor_version: str | None


def ledger_digest(stored: dict[str, StoredArticle]) -> str:
    """A hash of the ledger a plan was made against: the load refuses a plan whose ledger has
    changed since (another run loaded in between, or an old run's output re-materialized)."""
    digest = hashlib.sha256()
    for article_id in sorted(stored):
        s = stored[article_id]
        digest.update(
            f"{article_id}\0{s.content_hash}\0{s.duplicate_of}\0{s.extractor_version}\n".encode()
        )
    return digest.hexdigest()[:16]


@dataclass
class Plan:
    """The folder compared with the ledger, before normalization."""

    version: str
    ledger: str = ""  # ledger_digest of the ledger the plan was made against
    to_process: list[InputFile] = field(default_factory=list)  # new, changed or outdated
    unchanged: dict[str, StoredArticle] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)  # rejected while reading the folder

    @property
    def inputs_seen(self) -> int:
        return len(self.to_process) + len(self.unchanged) + len(self.rejected)


def plan_run(
    items: Iterable[InputFile | Rejected], stored: dict[str, StoredArticle], version: str
) -> Plan:
    """Sort the folder's inputs into to-process / unchanged / rejected, and find deletions.

    Only the inputs to process keep their text, so a run over a large unchanged folder holds
    little in memory."""
    plan = Plan(version=version, ledger=ledger_digest(stored))
    present: set[str] = set()
    for item in items:
        if isinstance(item, Rejected):
            plan.rejected.append(item)
            continue
        present.add(item.article_id)
        old = stored.get(item.article_id)
        if (
            old is not None
            and old.content_hash == item.content_hash
            and old.extractor_version == version
        ):
            plan.unchanged[item.article_id] = old
        else:
            plan.to_process.append(item)
    plan.deleted = sorted(set(stored) - present)
    return plan


@dataclass
class Changes:
    """What the load must do, after the articles to process were normalized."""

    version: str
    ledger: str = ""  # the plan's ledger_digest, checked again at load time
    upsert: list[Article] = field(default_factory=list)  # article rows to (re)write
    # Unchanged articles whose ``duplicate_of`` changes (id -> new value).
    redup: dict[str, str | None] = field(default_factory=dict)
    # Article rows to delete: inputs gone from the folder, or now rejected.
    deleted: list[str] = field(default_factory=list)
    # Article ids whose fact rows (mentions, figures, quotes, claims, errors) are deleted.
    purge: list[str] = field(default_factory=list)
    # Unchanged articles that stopped being copies: extracted from their stored text (the caller
    # reads them from the warehouse into ``revived``).
    revive: list[str] = field(default_factory=list)
    revived: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def to_extract(self) -> list[Article]:
        """Articles to parse, in id order: new and changed originals plus the revived ones."""
        # A revived article was stored as a copy; it is an original now.
        revived = [replace(a, duplicate_of=None) for a in self.revived]
        todo = [a for a in self.upsert if a.duplicate_of is None] + revived
        return sorted(todo, key=lambda a: a.article_id)


def plan_changes(plan: Plan, normalized: list[Article], rejected: list[Rejected]) -> Changes:
    """Duplicates over the whole warehouse, then which rows to delete, write and extract."""
    entries = [(a.article_id, a.content_hash, text_hash(a.text)) for a in normalized]
    entries += [(s.article_id, s.content_hash, s.text_hash) for s in plan.unchanged.values()]
    original_of = duplicate_map(entries)
    changes = Changes(version=plan.version, ledger=plan.ledger, deleted=list(plan.deleted))
    changes.rejected = sorted(plan.rejected + rejected, key=lambda r: r.source_path)
    for a in sorted(normalized, key=lambda a: a.article_id):
        a.duplicate_of = original_of[a.article_id]
        changes.upsert.append(a)
    # An input that could not be normalized (now a reject) loses any rows it had as an article.
    failed = {i.article_id for i in plan.to_process} - {a.article_id for a in normalized}
    changes.deleted = sorted(set(plan.deleted) | failed)
    purge = set(changes.deleted) | {a.article_id for a in normalized}
    for article_id, old in sorted(plan.unchanged.items()):
        new = original_of[article_id]
        if new == old.duplicate_of:
            continue
        changes.redup[article_id] = new
        purge.add(article_id)
        if new is None:
            changes.revive.append(article_id)
    changes.purge = sorted(purge)
    return changes
