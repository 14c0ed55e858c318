"""A breakdown: one question's shares split by subgroup (the fixture study's fx-tools-by-size: three
firm sizes, three tools, the largest group below the study's minimum base). Through the engine alone."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from insights import LANGUAGES, fmt, metrics
from insights.data import DataError, load_survey
from insights.figures import StudyFigure, spec
from insights.generate import figure_csv
from insights.markers import Page, figure_table, render_figure
from insights.site import Context, RenderedFigure
from insights.values import build_values

FIXTURE = Path(__file__).parent / "fixtures" / "remote-work" / "data" / "remote-work-2024"
FIGURE = "fx-tools-by-size"


@pytest.fixture(scope="module")
def sf(fixture_survey) -> StudyFigure:
    return StudyFigure(FIGURE, fixture_survey, fixture_survey.figures[FIGURE])


def page(sf, lang) -> Page:
    from insights.captions import takeaway

    svg = {"wide": "<svg height=\"100\"></svg>", "narrow": "<svg height=\"100\"></svg>"}  # not drawn: the words only
    rendered = {(sf.id, lang): RenderedFigure(sf.figure.title[lang], takeaway(sf, lang), svg)}
    ctx = Context(surveys={sf.survey.id: sf.survey}, figures={sf.id: sf}, values={}, rendered=rendered)
    return Page(lang, "index.md", "", ctx)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_panel_per_group_each_titled_with_its_n_and_every_row_once(sf, fixture_survey, lang):
    for layout in ("wide", "narrow"):
        panels = spec(sf, lang, layout)["vconcat"]
        assert [p["title"]["text"].split(" (")[0] for p in panels] == [fixture_survey.bases[b]["label"][lang] for b in ("small", "mid", "large")]
        assert all(fmt.integer(fixture_survey.n(b), lang) in p["title"]["text"] for p, b in zip(panels, ("small", "mid", "large")))
        tips = [json.loads(v["tip"]) for p in panels for v in p["data"]["values"]]
        assert len(tips) == 9
        groups = {t[0][1] for t in tips}  # each mark's tooltip names its group first
        assert len(groups) == 3


def test_the_same_items_in_the_same_order_in_every_group(sf):
    rows = sf.rows()
    orders = [list(rows.loc[rows["base"] == b, "id"]) for b in ("small", "mid", "large")]
    assert orders[0] == orders[1] == orders[2] == ["video", "chat", "wiki"]


def test_a_group_below_the_minimum_base_is_flagged_without_an_interval(sf, fixture_survey):
    assert fixture_survey.study.min_base == 50 and fixture_survey.n("large") == 30
    rows = sf.rows()
    small = rows[rows["base"] == "large"]
    assert small["small"].all() and small["ci_low"].isna().all()
    assert rows.loc[rows["base"] != "large", "ci_low"].notna().all()
    for lang in LANGUAGES:
        html = render_figure(FIGURE, page(sf, lang))
        assert "⚠" in html and fmt.integer(50, lang) in html  # the flag and the rule, under the figure


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_and_the_csv_keep_each_row_group(sf, fixture_survey, lang):
    table = figure_table(FIGURE, page(sf, lang))
    body = re.findall(r"<tr><th scope=\"row\">([^<]*)</th><td>([^<]*)</td>", table)
    assert len(body) == 9
    assert {group.split(" (")[0] for _, group in body} == {fixture_survey.bases[b]["label"][lang] for b in ("small", "mid", "large")}
    rows = list(csv.DictReader(io.StringIO(figure_csv(sf).decode())))
    assert len(rows) == 9 and {r["base"] for r in rows} == {"small", "mid", "large"}
    assert all(r[f"group_{lang}"] == fixture_survey.bases[r["base"]]["label"][lang] for r in rows)


def test_the_takeaway_compares_groups_as_independent_samples_and_never_a_small_one(sf, fixture_survey):
    from insights.captions import takeaway

    rows = sf.rows()
    wiki = rows[rows["id"] == "wiki"].set_index("base")
    low, high = metrics.gap_interval_independent(wiki.at["mid", "share"], 60, wiki.at["small", "share"], 90)
    assert low > 0  # the fixture's data make the difference clear
    en = takeaway(sf, "en")
    assert en.startswith("Internal wiki: 10 to 49 staff (25%) against fewer than 10 staff (12%)") and "support" in en
    assert "50 staff or more" not in en


def test_values_of_an_item_on_several_bases_are_named_by_base(fixture_survey):
    values = build_values(fixture_survey)
    assert values["remote-work-2024.tools_by_size.wiki.mid"].number == 0.25
    assert "remote-work-2024.tools_by_size.wiki" not in values


def test_an_item_twice_on_one_base_is_refused_and_a_gap_must_name_its_base(tmp_path):
    study = shutil.copytree(FIXTURE, tmp_path / "remote-work-2024")
    table = study / "tools_by_size.csv"
    table.write_text(table.read_text(encoding="utf-8") + "wiki,Wiki,Wiki,10,small\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"tools_by_size.csv:11: column id: must be unique \(got 'wiki' twice on base small\)"):
        load_survey(study)
    shutil.copyfile(FIXTURE / "tools_by_size.csv", table)
    (study / "values.yml").write_text("wiki.gap: {gap: [tools_by_size.wiki, tools_by_size.video]}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"wiki is on several bases of tools_by_size. Fix: name one, e.g. tools_by_size.wiki.small"):
        load_survey(study)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_table_of_several_answers_says_so_under_its_figure_and_in_its_provenance(fixture_survey, lang):
    from insights.markers import render_provenance
    from insights.strings import catalogue

    tools = StudyFigure("fx-tools", fixture_survey, fixture_survey.figures["fx-tools"])
    said = catalogue(lang)["several_answers"]
    html = render_figure("fx-tools", page(tools, lang))
    assert f'<p class="figure-note">{said}</p>' in html
    assert said in render_provenance("remote-work-2024.tools", page(tools, lang))
    assert said not in render_figure(FIGURE, page(StudyFigure(FIGURE, fixture_survey, fixture_survey.figures[FIGURE]), lang))
