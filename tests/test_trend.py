"""A trend: one question over waves (the fixture study's fx-home-trend: six yearly waves, one of
them of unknown n), and a declared change between two waves. Through the engine alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from insights import LANGUAGES, fmt, metrics
from insights.data import DataError, load_survey
from insights.figures import StudyFigure, spec
from insights.values import build_values

FIXTURE = Path(__file__).parent / "fixtures" / "remote-work" / "data" / "remote-work-2024"
FIGURE = "fx-home-trend"


@pytest.fixture(scope="module")
def sf(fixture_survey) -> StudyFigure:
    return StudyFigure(FIGURE, fixture_survey, fixture_survey.figures[FIGURE])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_dot_per_wave_on_a_time_axis_and_a_band_only_where_n_is_known(sf, lang):
    for layout in ("wide", "narrow"):
        out = spec(sf, lang, layout)
        values = out["data"]["values"]
        assert [v["date"] for v in values] == [f"{y}-01-01" for y in range(2019, 2025)]
        assert [v["ci_low"] is None for v in values] == [False, False, True, False, False, False]  # 2021: n unknown
        x = out["layer"][0]["encoding"]["x"]
        assert x["type"] == "temporal" and x["axis"]["format"] == "%Y"
        assert out["config"]["locale"]["time"]["months"][4] == ("mai" if lang == "fr" else "May")
        tips = [json.loads(v["tip"]) for v in values]
        assert all(t[0][1].startswith(str(2019 + i)) for i, t in enumerate(tips))  # each dot names its wave first


def test_the_takeaway_names_the_first_and_last_wave_and_tests_the_change(sf, fixture_survey):
    from insights.captions import takeaway

    rows = sf.rows().set_index("base")
    low, high = metrics.gap_interval_independent(rows.at["w2024", "share"], 420 / 1.5, rows.at["w2019", "share"], 400)
    assert low > 0
    assert takeaway(sf, "en") == ("Mostly from home: 8% in 2019, 36% in 2024, a change of +28\u00a0pp that the samples "
                                  "support (95% confidence, independent waves).")
    assert takeaway(sf, "fr").startswith("Surtout à domicile\u202f: 8\u202f% en 2019, 36\u202f% en 2024, une évolution de +28\u00a0pts")


def test_a_declared_change_between_two_waves_has_its_independent_interval(fixture_survey):
    values = build_values(fixture_survey)
    change = values["remote-work-2024.home.change"]
    assert change.number == 36 - 41
    low, high = metrics.gap_interval_independent(0.36, 420 / 1.5, 0.41, 380)  # 2024: the source's design effect
    assert values["remote-work-2024.home.change.ci"].number == (100 * low, 100 * high)
    assert low < 0 < high  # −5 points between 2020 and 2024: within sampling error
    assert fmt.points_interval(100 * low, 100 * high, "en").startswith("−")


def test_a_change_from_a_wave_of_unknown_n_is_refused(tmp_path):
    study = shutil.copytree(FIXTURE, tmp_path / "remote-work-2024")
    values = study / "values.yml"
    values.write_text(values.read_text(encoding="utf-8").replace("home_working.home_most.w2020", "home_working.home_most.w2021"),
                      encoding="utf-8")
    with pytest.raises(DataError, match=r"the base w2021 has no n, so the change of home_most between w2024 and w2021 "
                                        r"cannot be tested"):
        load_survey(study)


def test_a_wave_without_fieldwork_dates_is_refused(tmp_path):
    study = shutil.copytree(FIXTURE, tmp_path / "remote-work-2024")
    declared = study / "study.yml"
    declared.write_text(declared.read_text(encoding="utf-8").replace("    fielded: {start: 2022, end: 2022}\n", ""),
                        encoding="utf-8")
    with pytest.raises(DataError, match=r"key fx-home-trend.data: a trend places each wave by its fieldwork dates, "
                                        r"and the base w2022 has none"):
        load_survey(study)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_wave_with_the_source_design_effect_says_so_and_uses_it(sf, fixture_survey, lang):
    """The 2024 wave's source gives a design effect of 1.5: its interval stands on 280, not 420, and
    the study's table says so; the other waves' margins say they assume a simple random sample."""
    from insights.markers import Page, render_study
    from insights.site import Context
    from insights.strings import catalogue

    rows = sf.rows().set_index("base")
    assert (rows.at["w2024", "ci_low"], rows.at["w2024", "ci_high"]) == metrics.wilson_interval(0.36, 280)
    ctx = Context(surveys={fixture_survey.id: fixture_survey}, figures={}, values=build_values(fixture_survey), rendered={})
    table = render_study(fixture_survey.id, Page(lang, "index.md", "", ctx))
    words = catalogue(lang)["disclosure"]
    assert words["moe_design"].split("{deff}")[1].split("{n_eff}")[0] in table and fmt.decimal(1.5, lang, 2) in table
    assert fmt.integer(280, lang) in table and words["moe"].split("{moe}")[1] in table
