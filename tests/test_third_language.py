"""A third language from declarations, pages and strings alone: German under /de/, added to a copy
of the fixture study's site as CONTRIBUTING.md's "Add a language" says (mkdocs.yml's languages, a
strings file with a fallback to English, a .de.md beside each page), with no change under scripts/
but that strings file. Then every part of the site follows the list: lang, the language switcher,
numbers in prose and charts, search, the 404 page, cards, embeds and the data package."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import Server, fixture_study_project, run_mkdocs_build

pytestmark = pytest.mark.slow  # builds the site itself, and reads its 404 page in Chromium

STUDY = "remote-work-2024"
GERMAN = """        - locale: de
          name: Deutsch
          build: true
          site_name: Fernarbeit
          site_description: Erfundene Zahlen zur Fernarbeit.
          theme:
            palette:
              - media: "(prefers-color-scheme: light)"
                scheme: default
                primary: indigo
                accent: indigo
                toggle:
                  icon: material/weather-night
                  name: Dunkles Farbschema
              - media: "(prefers-color-scheme: dark)"
                scheme: slate
                primary: indigo
                accent: indigo
                toggle:
                  icon: material/weather-sunny
                  name: Helles Farbschema
"""
LANGUAGE = """language:
  locale: de_DE
  og_locale: de_DE
  csl: de-DE
  bibtex: german
  quotes: ["„", "“"]
  colon: ":"
  semicolon: "; "
  and: " und "
  points_unit: "\\u00a0Prozentpunkte"
  points_interval: "{low} bis {high}{unit}"
  day_span: "{start}.–{end}. {month} {year}"
  search: Suche
  fallback: en
"""


def german_site(workdir: Path) -> tuple[Path, Path]:
    project = fixture_study_project(workdir / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - mkdocs-jupyter:", GERMAN + "  - mkdocs-jupyter:", 1),
                      encoding="utf-8")
    strings = project / "scripts" / "insights" / "strings"
    english = (strings / "en.yml").read_text(encoding="utf-8")
    english = english[english.index("\nn_known:") + 1:]  # after the language block
    english = english.replace("title: Page not found", "title: Seite nicht gefunden").replace(
        "home_named: English home page", "home_named: Deutsche Startseite")
    (strings / "de.yml").write_text(LANGUAGE + english, encoding="utf-8")
    docs = project / "docs"
    (docs / "index.de.md").write_text((docs / "index.en.md").read_text(encoding="utf-8")
                                      .replace("# Remote work (made-up data)", "# Fernarbeit (erfundene Zahlen)"), encoding="utf-8")
    shutil.copyfile(docs / "privacy.en.md", docs / "privacy.de.md")
    site = project.parent / "site"
    result = run_mkdocs_build(site, config)
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"Languages: \d+ texts of data/ in de fall back to en", result.stderr), result.stderr[-2000:]
    return project, site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return german_site(tmp_path_factory.mktemp("german"))


def test_german_pages_are_german_with_a_switcher_to_all_three(built):
    _, site = built
    html = (site / "de" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html and "Fernarbeit (erfundene Zahlen)" in html
    for lang, href in (("fr", "/"), ("en", "/en/"), ("de", "/de/")):
        assert re.search(rf'href="[^"]*{re.escape(href)}"[^>]*hreflang="{lang}"', html), lang
    assert 'content="de_DE"' in html  # og:locale
    assert 'aria-label="Suche"' in html


def test_numbers_in_prose_and_charts_are_german(built):
    project, site = built
    html = (site / "de" / "index.html").read_text(encoding="utf-8")
    tools = {r["id"]: r for r in csv.DictReader(io.StringIO((project / "data" / STUDY / "tools.csv").read_text(encoding="utf-8")))}
    share = int(tools["video"]["share_pct"])
    assert f"{share}\u202f%" in html  # Babel's German percent, with the site's narrow no-break space
    svg = re.search(r'<figure class="insight-figure" id="fig-fx-tools">.*?</figure>', html, re.S).group(0)
    assert re.search(r">\d0\u202f%<", svg), "the chart's axis in German"


def test_search_the_404_page_cards_embeds_and_the_data_package_follow(built):
    _, site = built
    index = json.loads((site / "de" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"] and index["docs"]
    assert all(not doc["location"].startswith(("en/", "de/")) for doc in index["docs"])
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '<section class="not-found" lang="de" data-prefix="de/">' in not_found and "Seite nicht gefunden" in not_found
    assert (site / "generated" / "cards" / "index-de.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "/generated/cards/index-de.png" in (site / "de" / "index.html").read_text(encoding="utf-8")
    embeds = sorted((site / "de" / "embed").glob("*/index.html"))
    assert embeds and all('<html lang="de"' in e.read_text(encoding="utf-8") for e in embeds)
    package = json.loads((site / "generated" / "data" / STUDY / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"] for r in package["resources"] for f in r["schema"]["fields"]}
    assert "label_de" in fields
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="de"' in sitemap


def test_a_missing_german_address_shows_the_german_404(built, browser):
    _, site = built
    pages = Server()
    url = pages.serve(site)
    try:
        page = browser.new_page()
        page.goto(url + "/de/keine-seite/")
        assert page.locator("section.not-found[lang=de]").is_visible()
        assert not page.locator("section.not-found[lang=en]").is_visible()
        assert page.evaluate("document.documentElement.lang") == "de" and page.title() == "Seite nicht gefunden"
        page.close()
    finally:
        pages.close()


def test_a_declared_language_without_strings_stops_the_build_with_its_fix(tmp_path):
    project = fixture_study_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - mkdocs-jupyter:", GERMAN + "  - mkdocs-jupyter:", 1),
                      encoding="utf-8")
    result = run_mkdocs_build(tmp_path / "site", config)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("scripts/insights/strings/de.yml: file is missing. Fix: copy strings/en.yml to de.yml and translate "
            "its texts (mkdocs.yml declares the language 'de').") in result.stderr
