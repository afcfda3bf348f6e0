import pytest

from newsfacts.settings import dbt_target_for, get_settings, parse_field_map


def test_field_map_parses_pairs():
    assert parse_field_map("text=body, published = date,") == {"text": "body", "published": "date"}
    assert parse_field_map("") == {}


@pytest.mark.parametrize("bad", ["body", "text=", "headline=title"])
def test_field_map_rejects_bad_pairs_with_the_reason(bad):
    with pytest.raises(ValueError, match="NEWS_JSONL_FIELDS"):
        parse_field_map(bad)


def test_settings_read_field_map_and_processes(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_JSONL_FIELDS", "text=body")
    monkeypatch.setenv("NEWS_EXTRACT_PROCESSES", "3")
    monkeypatch.setenv("NEWS_DUCKDB_PATH", str(tmp_path / "w.duckdb"))
    s = get_settings()
    assert s.jsonl_fields == {"text": "body"}
    assert s.extract_processes == 3
    assert s.duckdb_path.is_absolute()


def test_published_snapshot_sits_next_to_the_warehouse_unless_set(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_DUCKDB_PATH", str(tmp_path / "news.duckdb"))
    monkeypatch.delenv("NEWS_PUBLISHED_PATH", raising=False)
    assert get_settings().published == tmp_path / "news_marts.duckdb"
    monkeypatch.setenv("NEWS_PUBLISHED_PATH", str(tmp_path / "bi" / "m.duckdb"))
    assert get_settings().published == tmp_path / "bi" / "m.duckdb"


def test_each_warehouse_has_its_own_dbt_target_folder(tmp_path):
    assert dbt_target_for(tmp_path / "news.duckdb") == tmp_path / ".news.dbt_target"
    assert dbt_target_for(tmp_path / "other.duckdb") != dbt_target_for(tmp_path / "news.duckdb")
