"""Corrections and updates on the record (data/<study>/changes.yml): validated like the other
declarations, listed on the study's page and the changes page, announced by an Atom feed per
language with absolute addresses, and carried by the data package, the zip and the citation."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import zipfile
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import SEED, SEED_DIR

from insights import LANGUAGES, fmt
from insights.changes import FEED, PAGE, atom, entries
from insights.data import DataError, fingerprint, load_survey, unrecorded_change
from insights.markers import Page, render_page
from insights.package import datapackage, study_zip
from insights.strings import catalogue


@pytest.fixture
def study(tmp_path):
    out = tmp_path / SEED
    shutil.copytree(SEED_DIR, out)
    return out


def test_the_seed_study_keeps_a_record_whose_last_entry_is_its_version():
    survey = load_survey(SEED_DIR)
    assert survey.changes, "the seed study records its first publication"
    assert survey.version == survey.changes[-1]
    assert survey.version.fingerprint == fingerprint(SEED_DIR)  # the data is as its last entry left it
    assert unrecorded_change(survey, SEED_DIR) is None


@pytest.mark.parametrize("edit, said", [
    (lambda t: t.replace("2026-11-29", "2026-13-01"), "changes.yml:4: 2026-13-01 is not a date"),
    (lambda t: t + "- date: 2026-11-01\n  version: '1.1'\n  what: {fr: a, en: a}\n  why: {fr: b, en: b}\n"
               "  fingerprint: 0123456789ab\n", "the record is oldest first"),
    (lambda t: t + "- date: 2026-12-01\n  version: '1.0'\n  what: {fr: a, en: a}\n  why: {fr: b, en: b}\n"
               "  fingerprint: 0123456789ab\n", "each entry gives a higher version"),
    (lambda t: t.replace("  why:", "  pourquoi:"), "rename pourquoi to why"),
    (lambda t: t.replace("fingerprint: ", "fingerprint: x"), "key 0.fingerprint"),
])
def test_a_bad_record_is_refused_with_its_file_key_and_fix(study, edit, said):
    record = study / "changes.yml"
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_survey(study)
    assert f"data/{SEED}/changes.yml" in str(err.value) and said in str(err.value)
    assert "Fix:" in str(err.value)


def test_an_edited_csv_is_found_and_the_fix_names_the_fingerprint_to_record(study):
    csv = study / "purposes.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",48,", ",47,"), encoding="utf-8")
    problem = unrecorded_change(load_survey(study), study)
    assert problem and f"fingerprint: {fingerprint(study)}" in problem and "version 1.0" in problem


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_is_atom_with_absolute_links(engine, lang):
    site = "https://example.org/insights/"
    prefix = "" if lang == "fr" else f"{lang}/"
    found = list(engine.changes)
    feed = feedparser.parse(atom(found, lang, site, prefix, "Site"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{site}{prefix}{FEED}"
    assert [link.href for link in feed.feed.links] == [f"{site}{prefix}{FEED}", f"{site}{prefix}{PAGE}"]
    assert len(feed.entries) == len(found) > 0
    for entry, change in zip(feed.entries, found):
        assert entry.id == entry.link == f"{site}{prefix}{PAGE}#{change.anchor}"
        assert all(urlparse(link.href).scheme == "https" and urlparse(link.href).netloc for link in entry.links)
        assert change.what[lang] in entry.summary and entry.updated.startswith(change.date.isoformat())


def test_entries_are_listed_newest_first(engine):
    found = entries(engine.surveys)
    assert [e.date for e in found] == sorted((e.date for e in found), reverse=True)
    assert tuple(found) == engine.changes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_study_page_and_the_changes_page_list_the_record(engine, lang):
    w = catalogue(lang)["changes"]
    page = Page(lang, "methodology.md", "methodology/", engine)
    study = render_page(f"<!-- changes: {SEED} -->", page)
    last = engine.surveys[SEED].version
    assert study.startswith(f"## {w['title']}") and fmt.day(last.date, lang) in study
    assert f'id="change-{SEED}-{last.version.replace(".", "-")}"' in study
    quiet = next(s for s, survey in engine.surveys.items() if not survey.changes)
    assert render_page(f"<!-- changes: {quiet} -->", page) == ""  # none: nothing, not an empty heading
    everything = render_page("<!-- changes: all -->", Page(lang, "changes.md", "changes/", engine))
    assert everything.count("<li ") == len(engine.changes)


def test_the_data_package_the_zip_and_the_citation_name_the_version():
    from insights.cite import references

    survey = load_survey(SEED_DIR)
    last = survey.version
    package = datapackage(survey)
    assert package["version"] == last.version and package["created"].startswith(last.date.isoformat())
    with zipfile.ZipFile(io.BytesIO(study_zip(survey, SEED_DIR))) as archive:
        assert f"{SEED}/changes.yml" in archive.namelist()
        readme = archive.read(f"{SEED}/README.md").decode()
        inner = json.loads(archive.read(f"{SEED}/datapackage.json"))
    assert f"Data version / Version des données: {last.version}, {last.date.isoformat()}" in readme
    assert inner["version"] == last.version
    for lang in LANGUAGES:
        forms = references(survey, "T", "https://x.org/", "Site", lang, "k")
        assert catalogue(lang)["cite"]["version"].format(version=last.version, date=fmt.day(last.date, lang)) in forms["text"]
        assert f"version = {{{last.version}}}" in forms["bibtex"]
        assert json.loads(forms["csl"])[0]["version"] == last.version


def test_a_quiet_feed_is_still_a_feed():
    feed = feedparser.parse(atom([], "en", "https://example.org/", "en/", "Site", "2026-01-02"))
    assert not feed.bozo and feed.entries == [] and feed.feed.updated.startswith("2026-01-02")
    assert datetime.date.fromisoformat(feed.feed.updated[:10])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_site_has_each_feed_and_every_page_links_it(site, lang):
    from conftest import LANG_ROOTS
    import re

    root = site / LANG_ROOTS[lang].strip("/")
    feed = feedparser.parse((root / FEED).read_bytes())
    assert not feed.bozo and feed.version == "atom10" and len(feed.entries) >= 1
    assert all(urlparse(link.href).scheme in ("http", "https") for e in [feed.feed, *feed.entries] for link in e.links)
    pages = [p for p in root.glob("**/index.html") if "embed" not in p.relative_to(site).parts
             and not (lang == "fr" and p.relative_to(site).parts[0] in [c.strip("/") for c in LANG_ROOTS.values() if c != "/"])]
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        href = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
        assert href and (page.parent / href.group(1)).resolve() == (root / FEED).resolve(), page
    listed = (root / "changes" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{e.id.split("#")[1]}"' in listed for e in feed.entries)
