"""The real `mkdocs build --strict`, checked page by page in both languages."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_mkdocs_build

from insights import fmt
from insights.data import load_survey

MARKER_LEFT = re.compile(r"<!--\s*[a-z]+:\s*[\w.-]*\s*-->")


def pages(site: Path) -> dict[str, set[str]]:
    """Page paths per language, relative to that language's root."""
    out = {"fr": set(), "en": set()}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("en/"):
            out["en"].add(rel[3:])
        else:
            out["fr"].add(rel)
    return out


def read(site: Path, lang: str, page: str) -> str:
    return (site / ("en/" if lang == "en" else "") / page).read_text(encoding="utf-8")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_both_languages_have_the_same_pages(site):
    found = pages(site)
    assert found["fr"] == found["en"]
    assert {"index.html", "platforms/index.html", "purposes/index.html", "awareness/index.html",
            "methodology/index.html", "data/index.html", "analysis/index.html"} <= found["fr"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_its_language_and_no_marker_left(site, lang):
    for page in pages(site)[lang]:
        html = read(site, lang, page)
        assert f'<html lang="{lang}"' in html, page
        assert not MARKER_LEFT.search(html), (page, MARKER_LEFT.search(html))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_seed_figure_is_on_its_page_in_the_locale_format(site, lang):
    survey = load_survey()
    where = {"external_platforms": "platforms", "internal_platforms": "platforms", "purposes": "purposes",
             "awareness": "awareness"}
    for table, page in where.items():
        text = " ".join(parse(read(site, lang, f"{page}/index.html")).text)
        for row in survey.tables[table].frame.itertuples():
            label = getattr(row, f"label_{lang}")
            share = fmt.percent(row.share_pct / 100, lang)
            assert share in text, (page, row.id, share)
            if table != "awareness":
                assert label in text, (page, label)
    awareness = " ".join(parse(read(site, lang, "awareness/index.html")).text)
    for label in survey.tables["barriers"].frame[f"label_{lang}"]:
        assert label in awareness
    methodology = " ".join(parse(read(site, lang, "methodology/index.html")).text)
    assert fmt.integer(survey.n("adopters"), lang) in methodology
    assert "CompTIA" in methodology and "L'Atelier BNP Paribas" in methodology


def test_french_and_english_number_formats_do_not_leak(site):
    fr = " ".join(parse(read(site, "fr", "platforms/index.html")).text)
    en = " ".join(parse(read(site, "en", "platforms/index.html")).text)
    assert "82\u202f%" in fr and "82%" not in fr and "76,7\u202f%" in fr
    assert "82%" in en and "82\u202f%" not in en and "76.7%" in en


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_notebook_is_rendered_as_html_with_outputs(site, lang):
    html = read(site, lang, "analysis/index.html")
    assert not html.lstrip().startswith("{")
    assert '"cell_type"' not in html
    assert "jp-OutputArea" in html
    # An output computed by the notebook from data/: the leader ratio 82/17.
    assert "4.823529" in html


def test_figures_point_at_generated_specs_that_exist(site):
    for lang in ("fr", "en"):
        html = read(site, lang, "index.html")
        specs = re.findall(r'data-spec="([^"]+)"', html)
        assert specs, lang
        base = site / ("en" if lang == "en" else "")
        for spec in specs:
            assert (base / spec).resolve().is_file(), spec
            assert f"-{lang}.vega.json" in spec


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_loads_anything_from_another_host(site, lang):
    for page in pages(site)[lang]:
        for tag, attrs in parse(read(site, lang, page)).tags:
            url = attrs.get("src") if tag in ("script", "img", "iframe") else attrs.get("href") if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "modulepreload") else None
            if url:
                assert not re.match(r"^(https?:)?//", url), (page, tag, url)
    assert "fonts.googleapis" not in read(site, lang, "index.html")


def test_language_switcher_leads_to_the_equivalent_page(site):
    fr = read(site, "fr", "platforms/index.html")
    en = read(site, "en", "platforms/index.html")
    assert re.search(r'href="(\.\./)*en/platforms/"[^>]*hreflang="en"', fr)
    assert re.search(r'href="(\.\./)+platforms/"[^>]*hreflang="fr"', en)


def test_bad_csv_stops_the_build_and_leaves_nothing_half_written(tmp_path):
    project = tmp_path / "project"
    for name in ("docs", "data", "scripts", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    generated = project / "docs/assets/generated"
    before = {p: p.read_bytes() for p in generated.rglob("*") if p.is_file()}
    csv = project / "data/purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",148,"))

    result = run_mkdocs_build(tmp_path / "site", project / "mkdocs.yml")

    assert result.returncode != 0
    assert "data/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '148')" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
    after = {p: p.read_bytes() for p in generated.rglob("*") if p.is_file()}
    assert after == before
