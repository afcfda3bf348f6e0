"""Reading the articles folder: formats, encodings, ids, rejects and streaming."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from pathlib import Path

import pytest

from newsfacts.ingest import decode_bytes, iter_inputs
from newsfacts.records import InputFile, Rejected

BODY = "The council approved the budget on Monday.\nIt passed by a vote of 7 to 2.\n"


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _by_source(records: list) -> dict[str, InputFile | Rejected]:
    return {r.source_path: r for r in records}


def _jsonl(*records: dict | str) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- folder walk


def test_plain_text_file(tmp_path):
    raw = BODY.encode("utf-8")
    _write(tmp_path, "story.txt", raw)
    [record] = list(iter_inputs(tmp_path))
    assert isinstance(record, InputFile)
    assert record.article_id == "story"
    assert record.source_path == "story.txt"
    assert record.source_format == "txt"
    assert record.encoding == "utf-8"
    assert record.text == BODY
    assert record.content_hash == hashlib.sha256(raw).hexdigest()
    assert record.meta == {}


def test_walks_recursively_in_sorted_order_with_slash_ids(tmp_path):
    for name in ["b.txt", "a.TXT", "sub/foo.text", "sub/deeper/page.htm", "000_x.html"]:
        _write(tmp_path, name, "<p>Some words here.</p>" if "htm" in name else BODY)
    records = list(iter_inputs(tmp_path))
    assert [r.article_id for r in records] == ["000_x", "a", "b", "sub/deeper/page", "sub/foo"]
    assert [r.source_format for r in records] == ["html", "txt", "txt", "html", "txt"]
    assert records == list(iter_inputs(tmp_path))  # deterministic


def test_hidden_files_and_folders_are_ignored(tmp_path):
    _write(tmp_path, ".gitkeep", b"")
    _write(tmp_path, ".DS_Store", b"\x00\x01binary")
    _write(tmp_path, ".cache/old.txt", BODY)
    _write(tmp_path, "real.txt", BODY)
    assert [r.source_path for r in iter_inputs(tmp_path)] == ["real.txt"]


def test_missing_folder_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(iter_inputs(tmp_path / "nope"))


def test_file_name_with_spaces_and_quotes(tmp_path):
    name = 'it\'s a "quoted" story (final).txt'
    _write(tmp_path, f"drafts/{name}", BODY)
    [record] = list(iter_inputs(tmp_path))
    assert record.article_id == 'drafts/it\'s a "quoted" story (final)'
    assert record.source_path == f"drafts/{name}"


def test_html_keeps_markup_for_normalize(tmp_path):
    html = "<html><body><p>Hello world, this is the page.</p></body></html>"
    _write(tmp_path, "page.html", html)
    [record] = list(iter_inputs(tmp_path))
    assert record.source_format == "html"
    assert record.text == html


def test_unsupported_and_extensionless_files_are_rejected(tmp_path):
    _write(tmp_path, "report.pdf", b"%PDF-1.4 ...")
    _write(tmp_path, "README", BODY)
    records = _by_source(list(iter_inputs(tmp_path)))
    assert records["report.pdf"] == Rejected("report.pdf", "unsupported file type .pdf")
    assert records["README"].reason == "unsupported file type (no extension)"


def test_same_article_id_from_two_files_is_rejected_once(tmp_path):
    _write(tmp_path, "a.html", "<p>Same id as the text file.</p>")
    _write(tmp_path, "a.txt", BODY)
    first, second = iter_inputs(tmp_path)
    assert isinstance(first, InputFile) and first.source_path == "a.html"
    assert isinstance(second, Rejected) and second.source_path == "a.txt"
    assert "already used by a.html" in second.reason


# ----------------------------------------------------------------------------- encodings


def test_cp1252_file_is_detected_and_decoded(tmp_path):
    text = (
        "“Café” owners on the riverfront say the new tax is unfair.\n"
        "The mayor’s office disagreed – and said the café would survive.\n"
    )
    raw = text.encode("cp1252")
    _write(tmp_path, "legacy.txt", raw)
    [record] = list(iter_inputs(tmp_path))
    assert record.encoding == "cp1252"
    assert record.text == text
    assert record.content_hash == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin_1", "Ça va? Très bien, merci. L'été est là, à Genève.\n"),
        ("cp1251", "Привет, как дела? Это тест на кодировку текста.\n"),
    ],
)
def test_other_legacy_encodings_decode_correctly(encoding, text):
    decoded, detected = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert detected != "utf-8"


def test_utf8_bom_and_crlf(tmp_path):
    _write(tmp_path, "bom.txt", b"\xef\xbb\xbfFirst line\r\nSecond line\r\n\r\nThird\r")
    [record] = list(iter_inputs(tmp_path))
    assert record.encoding == "utf-8-sig"
    assert record.text == "First line\nSecond line\n\nThird\n"
    assert "\ufeff" not in record.text and "\r" not in record.text


def test_utf16_with_bom_is_text_not_binary():
    text, encoding = decode_bytes("Résumé of the week\r\n".encode("utf-16"))
    assert (text, encoding) == ("Résumé of the week\n", "utf-16")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "no text: file is blank"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(128, 256)) * 3, "binary file, not text"),
    ],
    ids=["empty", "blank", "nul-bytes", "no-encoding"],
)
def test_unusable_files_are_rejected_with_reason(tmp_path, data, reason):
    _write(tmp_path, "bad.txt", data)
    [record] = list(iter_inputs(tmp_path))
    assert isinstance(record, Rejected)
    assert record.source_path == "bad.txt"
    assert record.reason == reason


def test_large_text_file(tmp_path):
    paragraph = "Officials said the project would cost 12 million dollars over five years. " * 20
    data = ((paragraph + "\r\n") * 35_000).encode("utf-8")  # about 50 MB
    assert len(data) > 50_000_000
    _write(tmp_path, "big.txt", data)
    # Not one news article: rejected with the reason (parsing 50 MB would stall the run).
    [record] = list(iter_inputs(tmp_path))
    assert isinstance(record, Rejected)
    assert record.reason.startswith("too large for one article: 5") and "MB" in record.reason


def test_five_megabyte_jsonl_line_is_rejected_and_its_neighbours_load(tmp_path):
    big = json.dumps({"id": "big", "text": "word " * 1_000_000})
    lines = [
        json.dumps({"id": "a", "text": "Short one."}),
        big,
        json.dumps({"id": "b", "text": "Two."}),
    ]
    _write(tmp_path, "feed.jsonl", ("\n".join(lines) + "\n").encode())
    records = list(iter_inputs(tmp_path))
    assert [type(r).__name__ for r in records] == ["InputFile", "Rejected", "InputFile"]
    assert records[1].source_path == "feed.jsonl:2" and "too large" in records[1].reason


# ----------------------------------------------------------------------------- JSON Lines


RECORDS = [
    {
        "id": "abc",
        "title": "Council passes budget",
        "text": "The council passed the budget.",
        "published": "2020-02-18",
        "authors": "Jane Roe, John Doe",
        "publisher": "Example Daily",
        "url": "https://example.org/a",
        "topic": "local",
    },
    '{"id": "broken", "text": "unterminated',
    {"title": "No id here", "text": "A second article body.", "published": None},
    {"id": "empty", "text": "   "},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz", "feed.ndjson"])
def test_jsonl_loads_good_lines_and_rejects_bad_ones(tmp_path, name):
    raw = _jsonl(*RECORDS)
    _write(tmp_path, f"wire/{name}", gzip.compress(raw) if name.endswith(".gz") else raw)
    records = list(iter_inputs(tmp_path))
    good = [r for r in records if isinstance(r, InputFile)]
    bad = [r for r in records if isinstance(r, Rejected)]
    source = f"wire/{name}"

    assert [r.article_id for r in good] == ["wire/feed/abc", "wire/feed/3"]
    first = good[0]
    assert first.source_path == source and first.source_format == "jsonl"
    assert first.encoding == "utf-8"
    assert first.text == "The council passed the budget."
    assert first.meta == {
        "title": "Council passes budget",
        "published": "2020-02-18",
        "authors": "Jane Roe, John Doe",
        "publisher": "Example Daily",
        "url": "https://example.org/a",
    }
    assert first.content_hash == hashlib.sha256(raw.split(b"\n")[0]).hexdigest()
    assert good[1].meta["published"] is None and good[1].meta["authors"] is None

    assert [r.source_path for r in bad] == [f"{source}:2", f"{source}:4", f"{source}:5"]
    assert bad[0].reason.startswith("bad JSON")
    assert bad[1].reason == "record has no text (field 'text')"
    assert bad[2].reason == "record is not a JSON object"
    assert all(r.content_hash for r in bad)


def test_jsonl_field_map(tmp_path):
    record = {"uid": 7, "headline": "Mapped", "body": "Body text.", "date": "2021-05-06"}
    _write(tmp_path, "mapped.jsonl", _jsonl(record))
    field_map = {"id": "uid", "title": "headline", "text": "body", "published": "date"}
    [item] = list(iter_inputs(tmp_path, field_map=field_map))
    assert item.article_id == "mapped/7"
    assert item.text == "Body text."
    assert item.meta["title"] == "Mapped" and item.meta["published"] == "2021-05-06"
    # Without the map the same file has no text field.
    [rejected] = list(iter_inputs(tmp_path))
    assert isinstance(rejected, Rejected) and rejected.source_path == "mapped.jsonl:1"


def test_jsonl_bom_crlf_blank_lines_and_repeated_ids(tmp_path):
    lines = [
        json.dumps({"id": "x", "text": "One.\r\nTwo."}),
        "",
        json.dumps({"id": "x", "text": "Same id again."}),
    ]
    _write(tmp_path, "f.jsonl", b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    first, second = iter_inputs(tmp_path)
    assert first.encoding == "utf-8-sig" and first.text == "One.\nTwo."
    assert isinstance(second, Rejected) and second.source_path == "f.jsonl:3"
    assert "already used by f.jsonl:1" in second.reason


def test_jsonl_empty_or_blank_file_is_rejected(tmp_path):
    _write(tmp_path, "empty.jsonl", b"")
    _write(tmp_path, "blank.jsonl", b"\n\n")
    records = _by_source(list(iter_inputs(tmp_path)))
    assert records["empty.jsonl"].reason == "empty file"
    assert records["blank.jsonl"].reason == "no records: file is blank"


def test_jsonl_gz_streams_and_survives_truncation(tmp_path):
    raw = _jsonl(*({"id": str(i), "text": f"Article number {i}."} for i in range(10_000)))
    packed = gzip.compress(raw)
    _write(tmp_path, "big.jsonl.gz", packed)
    # Lazy: the first records arrive without reading the rest.
    head = list(itertools.islice(iter_inputs(tmp_path), 3))
    assert [r.article_id for r in head] == ["big/0", "big/1", "big/2"]
    assert sum(isinstance(r, InputFile) for r in iter_inputs(tmp_path)) == 10_000

    _write(tmp_path, "big.jsonl.gz", packed[: len(packed) // 2])
    records = list(iter_inputs(tmp_path))
    assert all(isinstance(r, InputFile) for r in records[:-1]) and len(records) > 100
    assert isinstance(records[-1], Rejected)
    assert records[-1].reason.startswith("cannot read the rest of the file")


def test_not_gzip_despite_the_name(tmp_path):
    _write(tmp_path, "fake.jsonl.gz", _jsonl({"text": "plain, not gzip"}))
    [record] = list(iter_inputs(tmp_path))
    assert isinstance(record, Rejected) and "cannot read" in record.reason


def test_count_inputs_matches_what_ingest_yields(tmp_path):
    from newsfacts.ingest import count_inputs

    (tmp_path / "a.txt").write_text("Some article text.")
    (tmp_path / "b.html").write_text("<html><body><p>Hi</p></body></html>")
    (tmp_path / "feed.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\nnot json\n')
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("ignored")
    assert count_inputs(tmp_path) == 7 == len(list(iter_inputs(tmp_path)))
