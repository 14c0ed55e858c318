"""The one cache (insights.cache): one key function, one store, inputs hashed once."""

from __future__ import annotations

import os

from insights import cache


def test_a_key_changes_with_any_of_its_parts_and_their_boundaries():
    base = cache.key("fr", b"page", {"a": 1, "b": [2, 3]})
    assert base == cache.key("fr", b"page", {"b": [2, 3], "a": 1})  # JSON values by content, not key order
    assert base != cache.key("en", b"page", {"a": 1, "b": [2, 3]})
    assert base != cache.key("fr", b"page", {"a": 1, "b": [2, 4]})
    assert cache.key("ab", "c") != cache.key("a", "bc")


def test_a_file_is_hashed_again_when_it_changes_even_to_the_same_size(tmp_path):
    csv = tmp_path / "purposes.csv"
    csv.write_text("id,share\nmarketing,48\n")
    before = cache.file_digest(csv)
    csv.write_text("id,share\nmarketing,47\n")  # same size, at once: too recent to trust the time stamp
    assert cache.file_digest(csv) != before


def test_an_unchanged_file_is_not_read_again(tmp_path):
    csv = tmp_path / "purposes.csv"
    csv.write_text("id,share\nmarketing,48\n")
    old = 1_600_000_000_000_000_000  # well in the past: its time stamp can be trusted
    os.utime(csv, ns=(old, old))
    first = cache.file_digest(csv)
    csv.write_text("id,share\nmarketing,47\n")
    os.utime(csv, ns=(old, old))  # same size, same time: taken for unchanged, so not read
    assert cache.file_digest(csv) == first
    os.utime(csv, ns=(old + 1, old + 1))
    assert cache.file_digest(csv) != first


def test_a_folder_digest_follows_names_and_bytes(tmp_path):
    (tmp_path / "study").mkdir()
    (tmp_path / "study" / "a.csv").write_text("1")
    first = cache.digest(tmp_path / "study")
    (tmp_path / "study" / "a.csv").rename(tmp_path / "study" / "b.csv")
    assert cache.digest(tmp_path / "study") != first


def test_a_store_keeps_only_what_the_last_build_used(tmp_path):
    last = cache.Store("charts", tmp_path)
    for name in ("kept", "dropped"):
        path = last.path(cache.key(name), ".svg")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    (last.folder / ".half-written.tmp").write_text("")
    this = cache.Store("charts", tmp_path)
    assert this.path(cache.key("kept"), ".svg").read_text() == "kept"
    this.prune()
    assert sorted(p.name for p in this.folder.iterdir()) == [".half-written.tmp", cache.key("kept")[:32] + ".svg"]
