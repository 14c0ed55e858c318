"""A study the engine has never seen, built end to end with no change under scripts/.

tests/fixtures/remote-work/ (made-up data on another topic: one figure of each type, pages in both
languages) replaces the seed's data and pages in a copy of the project; `make new-study`'s
scaffold then adds a second study beside it. One `mkdocs build --strict` builds both."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import fixture_study_project, run_mkdocs_build

from insights import fmt
from insights.metrics import wilson_interval

pytestmark = pytest.mark.slow  # builds the site (or serves it) itself

STUDY = "remote-work-2024"
FIGURES = ["fx-tools", "fx-channels", "fx-satisfaction", "fx-pairs", "fx-work-mode", "fx-key-numbers", "fx-obstacles"]
PAGES = {"fr": "index.html", "en": "en/index.html"}


def build_fixture(workdir: Path) -> tuple[Path, Path]:
    """The project with the fixture study's data and pages instead of the seed's, plus a study
    made by the scaffold; built into workdir/site. Returns (project, site)."""
    project = fixture_study_project(workdir / "project")
    config = project / "mkdocs.yml"
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    scaffold = subprocess.run([sys.executable, "-m", "insights.scaffold", "acme-2026", "--root", str(project)],
                              capture_output=True, text=True, env=env)
    assert scaffold.returncode == 0, scaffold.stderr
    site = project.parent / "site"
    result = run_mkdocs_build(site, config)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    return build_fixture(tmp_path_factory.mktemp("fixture"))


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def figure_html(html: str, figure_id: str) -> str:
    return re.search(rf'<figure class="insight-figure" id="fig-{figure_id}">.*?</figure>', html, re.S).group(0)


def text_of(fragment: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.mark.parametrize("lang", PAGES)
def test_every_figure_type_is_on_the_page_with_its_words_and_numbers(built, lang):
    project, site = built
    html = (site / PAGES[lang]).read_text(encoding="utf-8")
    data = project / "data" / STUDY
    tools = {r["id"]: r for r in read_csv(data / "tools.csv")}
    for figure_id in FIGURES:
        assert f'id="fig-{figure_id}"' in html, figure_id
    # Sorted bars with intervals: both layouts drawn, the table gives each share and its 95 % interval of 180.
    bars = figure_html(html, "fx-tools")
    assert bars.count("<svg ") == 2
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>(?:<span class="range">)?([^<]*)(?:</span>)?</td>'
                      r'<td>([^<]*)</td></tr>', bars)
    assert [unescape(label) for label, *_ in rows] == [tools[i][f"label_{lang}"] for i in ("video", "chat", "wiki", "whiteboard")]
    for (label, share, ci, n), row in zip(rows, sorted(tools.values(), key=lambda r: -int(r["share_pct"]))):
        assert share == fmt.percent(int(row["share_pct"]) / 100, lang)
        assert ci == fmt.interval(*wilson_interval(int(row["share_pct"]) / 100, 180), lang)
    ahead = {"fr": "Visioconférence (78\u202f%) devance Messagerie instantanée (64\u202f%) de 14\u00a0pts.",
             "en": "Video calls (78%) is ahead of Chat (64%) by 14\u00a0pp."}[lang]
    assert ahead in text_of(bars)
    # Groups on different bases: each labelled with its own base, never compared.
    bases = text_of(figure_html(html, "fx-satisfaction"))
    assert {"fr": "70\u202f% des managers (n = 60) et 55\u202f% des salariés (effectif inconnu) sont satisfaits.",
            "en": "70% of managers (n = 60) and 55% of staff (base unknown) are satisfied."}[lang] in bases
    # A 100 % bar and its largest part; grouped bars and a dumbbell, each drawn.
    assert {"fr": "Au bureau est la plus grande part, à 40\u202f%.", "en": "In the office is the largest part, at 40%."}[lang] \
        in text_of(figure_html(html, "fx-work-mode"))
    for figure_id in ("fx-channels", "fx-pairs", "fx-work-mode"):
        assert figure_html(html, figure_id).count("<svg ") == 2, figure_id
    # Key-number cards: only the rows asked for, in that order, with base and interval; no chart.
    cards = figure_html(html, "fx-key-numbers")
    assert "<svg " not in cards
    assert re.findall(r'<span class="card-number">([^<]*)</span>', cards) == [fmt.percent(0.78, lang), fmt.percent(0.22, lang)]
    # A text list: the labels, in file order.
    items = re.findall(r"<li>([^<]*)</li>", figure_html(html, "fx-obstacles"))
    assert [unescape(i) for i in items] == [r[f"label_{lang}"] for r in read_csv(data / "obstacles.csv")]
    # Values in prose, in the page's format.
    prose = text_of(html)
    assert f"{fmt.percent(0.78, lang)} " in prose and fmt.points(56, lang) in prose


@pytest.mark.parametrize("lang", PAGES)
def test_downloads_are_the_study_files_and_each_figure_data(built, lang):
    project, site = built
    page = site / PAGES[lang]
    html = page.read_text(encoding="utf-8")
    data = project / "data" / STUDY
    links = set(re.findall(r'href="([^"#]*generated/data/[^"]+)"', html))
    tables = sorted(p.name for p in data.glob("*.csv"))
    assert {Path(link).name for link in links} >= {*tables, *(t.replace(".csv", ".meta.yml") for t in tables)}
    for link in links:
        served = (page.parent / link).resolve()
        if served.name == "datapackage.json":  # generated from the declarations, not a file of data/
            assert json.loads(served.read_text(encoding="utf-8"))["name"] == STUDY
        elif served.suffix != ".zip":
            assert served.read_bytes() == (data / served.name).read_bytes(), link
    for figure_id in FIGURES:
        figure_csv = site / "generated" / "figures" / f"{figure_id}.csv"
        rows = read_csv(figure_csv)
        assert rows and all(r["label_en"] for r in rows), figure_id
    assert {r["id"]: r["share_pct"] for r in read_csv(site / "generated" / "figures" / "fx-work-mode.csv")} == \
        {"office": "40", "hybrid": "35", "remote": "25"}


def test_the_language_switcher_links_each_page_to_its_translation(built):
    _, site = built
    for lang, other, path in (("fr", "en", "index.html"), ("en", "fr", "en/index.html")):
        html = (site / path).read_text(encoding="utf-8")
        switch = re.search(rf'<a href="([^"]*)" hreflang="{other}" class="md-select__link">', html)
        assert switch, f"no link to {other} on the {lang} page"
        href = switch.group(1)
        target = (site / href.lstrip("/") if href.startswith("/") else (site / path).parent / href).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target == (site / PAGES[other]).resolve()
        assert f'<html lang="{other}"' in target.read_text(encoding="utf-8")


def test_a_scaffolded_study_builds_at_once_in_both_languages(built):
    project, site = built
    assert (project / "data" / "acme-2026" / "figures.yml").is_file()
    for lang, path in (("fr", "acme-2026/index.html"), ("en", "en/acme-2026/index.html")):
        html = (site / path).read_text(encoding="utf-8")
        assert 'id="fig-acme-2026-answers"' in html and figure_html(html, "acme-2026-answers").count("<svg ") == 2
        assert fmt.percent(0.6, lang) in text_of(html)
        assert {"fr": "non précisé par la source", "en": "not given by the source"}[lang] in text_of(html).lower()
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="acme-2026/"' in nav
