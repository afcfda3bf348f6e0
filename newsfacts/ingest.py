"""Read the articles folder: every file becomes ``InputFile`` records or a ``Rejected`` one.

Supported inputs (by extension, case-insensitive):

* ``.txt`` / ``.text`` -- one plain-text article per file;
* ``.html`` / ``.htm`` -- one web page per file (``InputFile.text`` is the markup; normalize
  parses it);
* ``.jsonl`` / ``.ndjson`` and their ``.gz`` versions -- one JSON object per line, streamed.

Files and folders whose name starts with a dot (``.gitkeep``, ``.DS_Store``, ``.git/``) are
ignored; everything else yields at least one record, so nothing disappears silently. Blank lines
in JSON Lines files separate nothing and are skipped. Files are visited in sorted order of their
relative path, so runs are deterministic. An ``article_id`` that two inputs would share (say
``a.txt`` and ``a.html``) is rejected the second time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from newsfacts.records import InputFile, Rejected

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl.gz", ".ndjson.gz", ".jsonl", ".ndjson")

MESS_SAMPLE_CHARS = 200_000  # enough text to judge an encoding guess
# One article larger than this is not a news article (the longest of 10,000 real ones is about
# 60 kB): rejected with the reason instead of tying up the parser for many minutes. JSON Lines
# files may be any size (they are streamed); the limit applies to each record.
MAX_ARTICLE_BYTES = 2_000_000
# cp1252 is kept unless charset-normalizer's guess is clearly cleaner: on a short text one
# accented capital ("Ça") already costs cp1252 0.06 of mess, while Cyrillic or CJK bytes read
# as cp1252 score above 1.
WESTERN_MESS_TOLERANCE = 0.1

# Our metadata keys; ``field_map`` maps any of these (and "text", "id") to the file's names.
META_FIELDS = ("title", "published", "authors", "publisher", "url")
DEFAULT_FIELDS = {name: name for name in ("text", "id", *META_FIELDS)}

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class _NotText(ValueError):
    """Raised by ``decode_bytes`` with the human-readable reason for rejecting a file."""


def iter_inputs(
    articles_dir: Path, field_map: dict | None = None
) -> Iterator[InputFile | Rejected]:
    """Yield one ``InputFile`` per article (JSON Lines: per record) or a ``Rejected`` with the
    reason, walking ``articles_dir`` recursively in sorted order.

    ``field_map`` renames JSON Lines fields: ``{"text": "body", "published": "date"}`` reads our
    ``text`` from the record's ``body``. Unmapped names are read as themselves.
    """
    root = Path(articles_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"articles folder not found: {root}")
    fields = {**DEFAULT_FIELDS, **(field_map or {})}
    first_use: dict[str, str] = {}  # article_id -> where it came from
    for path in _walk(root):
        relative = path.relative_to(root).as_posix()
        for record, where in _read_file(path, relative, fields):
            if isinstance(record, InputFile):
                first = first_use.setdefault(record.article_id, where)
                if first != where:
                    record = Rejected(
                        source_path=where,
                        reason=f"article_id {record.article_id!r} already used by {first}",
                        content_hash=record.content_hash,
                    )
            yield record


def count_inputs(articles_dir: Path) -> int:
    """How many records ``iter_inputs`` must account for, counted without parsing anything: one
    per file, one per non-blank JSON Lines line (a JSON Lines file with none, or whose rest cannot
    be read, adds one reject). The reconciliation check compares it with what was loaded."""
    total = 0
    for path in _walk(Path(articles_dir)):
        suffix = _suffix(path.name)
        if suffix not in JSONL_SUFFIXES:
            total += 1
            continue
        lines = 0
        try:
            for raw_line in _open_lines(path):
                lines += bool(raw_line.strip().lstrip(b"\xef\xbb\xbf").strip())
        except (OSError, EOFError, zlib.error):
            lines += 1
        total += lines or 1
    return total


def folder_fingerprint(articles_dir: Path) -> str:
    """A hash of every input file's path, size and modification time: it changes when a file is
    added, removed, replaced or edited, and costs one ``stat`` per file (no reading)."""
    root = Path(articles_dir)
    digest = hashlib.sha256()
    for path in _walk(root):
        try:
            st = path.stat()
        except FileNotFoundError:  # removed while we walked: the next look sees it gone
            continue
        digest.update(
            f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()[:16]


def _too_large(size: int) -> str:
    return (
        f"too large for one article: {size / 1e6:.1f} MB > {MAX_ARTICLE_BYTES / 1e6:.0f} MB "
        "(split it into articles, e.g. one JSON Lines record each)"
    )


def _walk(root: Path) -> list[Path]:
    """Every non-hidden file under ``root``, sorted by relative path (paths only, no content)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath, f) for f in filenames if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _suffix(name: str) -> str | None:
    lower = name.lower()
    for suffix in JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return suffix
    return None


_Located = tuple[InputFile | Rejected, str]  # a record and where it came from ("file:line")


def _read_file(path: Path, relative: str, fields: dict) -> Iterator[_Located]:
    suffix = _suffix(path.name)
    if suffix is None:
        ext = path.suffix.lower() or "(no extension)"
        yield Rejected(relative, f"unsupported file type {ext}"), relative
        return
    article_id = relative[: -len(suffix)]
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, relative, article_id, fields)
        return
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield Rejected(relative, _too_large(size)), relative
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Rejected(relative, f"cannot read file: {exc.strerror or exc}"), relative
        return
    content_hash = hashlib.sha256(raw).hexdigest()
    try:
        text, encoding = decode_bytes(raw)
    except _NotText as exc:
        yield Rejected(relative, str(exc), content_hash), relative
        return
    record = InputFile(
        article_id=article_id,
        source_path=relative,
        source_format="html" if suffix in HTML_SUFFIXES else "txt",
        content_hash=content_hash,
        encoding=encoding,
        text=text,
    )
    yield record, relative


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode a text file: ``(text with "\\n" line ends, encoding name)``.

    Raises ``ValueError`` with the reason when the bytes are empty, blank, binary or
    undecodable.
    """
    if not raw:
        raise _NotText("empty file")
    text = encoding = None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                text, encoding = raw.decode(name), name
            except UnicodeDecodeError as exc:
                raise _NotText(f"undecodable {name} text: {exc.reason}") from exc
            text = text.lstrip("\ufeff")
            break
    if text is None:
        if b"\x00" in raw:
            raise _NotText("binary file, not text")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(raw)
    # CRLF and lone CR (old Mac) line ends become "\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _NotText("no text: file is blank")
    return text, encoding


def _detect(raw: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with charset-normalizer's best guess.

    On short Western text charset-normalizer often names a code page that decodes the bytes
    identically (cp1250) or, worse, a CJK one. cp1252 -- the usual legacy encoding of
    English-language news -- wins whenever it decodes the bytes with about as little mess as
    the guess (charset-normalizer's own mess measure).
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(raw).best()
    if best is None:
        raise _NotText("binary file, not text")
    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        pass  # bytes undefined in cp1252: not Western text
    else:
        if mess_ratio(western[:MESS_SAMPLE_CHARS], 1.0) <= best.chaos + WESTERN_MESS_TOLERANCE:
            return western, "cp1252"
    try:
        return str(best), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise _NotText(f"undecodable text (guessed {best.encoding})") from exc


def _open_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        yield from handle


def _read_jsonl(path: Path, relative: str, base_id: str, fields: dict) -> Iterator[_Located]:
    line_no = records = 0
    encoding = "utf-8"
    try:
        for line_no, raw_line in enumerate(_open_lines(path), start=1):
            line = raw_line.rstrip(b"\r\n")
            if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
                line, encoding = line[3:], "utf-8-sig"
            if not line.strip():
                continue
            record = _jsonl_record(line, encoding, relative, line_no, f"{base_id}/", fields)
            records += 1
            yield record, f"{relative}:{line_no}"
    except (OSError, EOFError, zlib.error) as exc:
        # Unreadable, or a truncated/corrupt gzip stream: what was read stays, the rest is
        # rejected in one record.
        where = f"{relative}:{line_no + 1}" if line_no else relative
        yield Rejected(where, f"cannot read the rest of the file: {exc}"), where
        return
    if records == 0:
        reason = "no records: file is blank" if line_no else "empty file"
        yield Rejected(relative, reason), relative


def _jsonl_record(
    line: bytes, encoding: str, relative: str, line_no: int, id_prefix: str, fields: dict
) -> InputFile | Rejected:
    where = f"{relative}:{line_no}"
    content_hash = hashlib.sha256(line).hexdigest()
    if len(line) > MAX_ARTICLE_BYTES:
        return Rejected(where, _too_large(len(line)), content_hash)
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Rejected(where, "line is not valid UTF-8", content_hash)
    except json.JSONDecodeError as exc:
        return Rejected(where, f"bad JSON: {exc.msg} at column {exc.colno}", content_hash)
    if not isinstance(record, dict):
        return Rejected(where, "record is not a JSON object", content_hash)
    text = record.get(fields["text"])
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, f"record has no text (field {fields['text']!r})", content_hash)
    record_id = record.get(fields["id"])
    suffix = str(record_id).strip() if record_id not in (None, "") else str(line_no)
    return InputFile(
        article_id=id_prefix + suffix,
        source_path=relative,
        source_format="jsonl",
        content_hash=content_hash,
        encoding=encoding,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        meta={key: record.get(fields[key]) for key in META_FIELDS},
    )
