"""A language is data: mkdocs.yml declares which, strings/<code>.yml says how each one writes, Babel
knows the rest; a language the site cannot write is a named error with its fix, never a traceback."""

from __future__ import annotations

import shutil

import pytest

from insights import LANGUAGES, DEFAULT_LANGUAGE, declared_languages, languages
from insights.languages import LanguageError, language
from insights.strings import STRINGS_DIR


def test_the_languages_are_those_mkdocs_yml_declares(tmp_path):
    assert DEFAULT_LANGUAGE in LANGUAGES
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV [SITE_URL, 'http://x/']\nplugins:\n  - search\n  - i18n:\n      languages:\n"
                      "        - {locale: de, default: true, build: true}\n        - {locale: fr, build: true}\n"
                      "        - {locale: en, build: false}\n", encoding="utf-8")
    assert declared_languages(config) == (("de", "fr"), "de")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_declared_language_writes_numbers_dates_lists_and_citations(lang):
    words = language(lang)
    assert words.quoted("x").startswith(words.quotes[0]) and words.english_name in ("French", "English")
    assert set(words.d3_locale()) >= {"decimal", "thousands", "grouping", "currency"}


@pytest.fixture
def strings(tmp_path, monkeypatch):
    """A copy of strings/ that a test may break."""
    folder = tmp_path / "strings"
    shutil.copytree(STRINGS_DIR, folder)
    monkeypatch.setattr("insights.strings.STRINGS_DIR", folder)
    from insights import strings as module

    for cached in (module.raw_catalogue, module.catalogue, languages.language):
        cached.cache_clear()
    yield folder
    for cached in (module.raw_catalogue, module.catalogue, languages.language):
        cached.cache_clear()


def test_a_language_without_strings_is_named_with_its_fix(strings):
    with pytest.raises(LanguageError, match=r"^scripts/insights/strings/de\.yml: file is missing\. Fix: copy strings/en\.yml"):
        language("de")


def test_a_locale_unknown_to_babel_is_named_with_its_fix(strings):
    text = (strings / "en.yml").read_text(encoding="utf-8").replace("locale: en_US", "locale: xx_YY")
    (strings / "de.yml").write_text(text, encoding="utf-8")
    with pytest.raises(LanguageError, match=r"key language\.locale: Babel does not know 'xx_YY'\. Fix: use a locale"):
        language("de")


def test_a_missing_language_key_is_named_with_its_fix(strings):
    text = (strings / "en.yml").read_text(encoding="utf-8").replace("  day_span:", "  day_spam:")
    (strings / "de.yml").write_text(text.replace("locale: en_US", "locale: de_DE"), encoding="utf-8")
    with pytest.raises(LanguageError, match=r"key language\.day_span is missing\. Fix: add it \(days of one month"):
        language("de")


def test_a_new_language_takes_babels_numbers_and_months(strings):
    text = (strings / "en.yml").read_text(encoding="utf-8")
    for old, new in (("locale: en_US", "locale: de_DE"), ('day_span: "{month} {start}–{end}, {year}"', 'day_span: "{start}.–{end}. {month} {year}"'),
                     ('points_interval: "{low} to {high}{unit}"', 'points_interval: "{low} bis {high}{unit}"')):
        text = text.replace(old, new)
    (strings / "de.yml").write_text(text, encoding="utf-8")
    import datetime

    from insights import fmt

    assert fmt.decimal(4.82, "de") == "4,8" and fmt.percent(0.82, "de") == "82\u202f%"
    assert fmt.period(datetime.date(2012, 2, 13), datetime.date(2012, 2, 17), "de") == "13.–17. Februar 2012"
    assert fmt.points_interval(-5.1, 9.1, "de") == "−5,1 bis +9,1\u00a0pp"
    assert language("de").d3_locale()["thousands"] == "." and language("de").english_name == "German"


def test_a_language_with_a_fallback_takes_its_missing_texts_and_counts_them(strings):
    text = (strings / "en.yml").read_text(encoding="utf-8").replace("locale: en_US", "locale: de_DE")
    (strings / "de.yml").write_text(text.replace("  search: Search\n", "  search: Suche\n  fallback: en\n"), encoding="utf-8")
    filled: list[str] = []
    declared = {"title": {"fr": "Titre", "en": "Title"}, "notes": [{"fr": "a", "en": "b", "de": "c"}], "n": 241}
    out = languages.with_fallbacks(declared, ("fr", "en", "de"), filled)
    assert out == {"title": {"fr": "Titre", "en": "Title", "de": "Title"}, "notes": [{"fr": "a", "en": "b", "de": "c"}], "n": 241}
    assert filled == ["de→en→Title"] and declared["title"] == {"fr": "Titre", "en": "Title"}
