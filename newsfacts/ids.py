"""Stable row ids: the same input gives the same id on every run and in every process."""

from __future__ import annotations

import hashlib

from newsfacts.records import EntityMention


def row_id(*parts: object) -> str:
    """Short id from the parts that identify a row."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def mention_id(m: EntityMention) -> str:
    """A mention's id: its article and character span (NER spans never overlap)."""
    return row_id(m.article_id, m.char_start, m.char_end)
