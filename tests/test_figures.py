"""Figures without a browser: valid specs, locale-correct SVG, readable colours, honest takeaways,
and per-figure CSV that equals the data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import altair as alt
import numpy as np
import pytest
import vl_convert as vlc

from conftest import SEED_DIR, seed_figures
from insights import LANGUAGES, fmt
from insights.captions import takeaway
from insights.data import load_survey
from insights.figures import BACKGROUNDS, LAYOUTS, PALETTE, StudyFigure, dark_css, spec
from insights.generate import figure_csv, inline_svg, neutralise
from insights.metrics import wilson_interval
from insights.strings import catalogue


@pytest.fixture(scope="module")
def survey():
    return load_survey(SEED_DIR)


FIGURES = list(load_survey(SEED_DIR).figures)


def fig(survey, figure_id: str) -> StudyFigure:
    return StudyFigure(figure_id, survey, survey.figures[figure_id])


@pytest.mark.parametrize("figure_id", FIGURES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_spec_is_valid_vega_lite(survey, figure_id, lang, layout):
    # The build skips Altair's validation for speed; this is where it happens.
    alt.TopLevelSpec.from_dict(spec(fig(survey, figure_id), lang, layout), validate=True)  # a layer, or panels


@pytest.mark.parametrize("lang", LANGUAGES)
def test_static_svg_uses_the_page_locale(survey, lang):
    svg = vlc.vegalite_to_svg(spec(fig(survey, "platforms"), lang))
    assert f">{fmt.percent(0.82, lang)}<" in svg  # direct label, as prose writes it
    assert f">{fmt.percent(0.4, lang)}<" in svg  # axis tick
    other = "en" if lang == "fr" else "fr"
    assert f">{fmt.percent(0.82, other)}<" not in svg


def test_inline_svg_is_an_accessible_image_named_by_the_caption(survey):
    svg = inline_svg(vlc.vegalite_to_svg(spec(fig(survey, "purposes"), "fr")), "purposes")
    head = svg[: svg.index(">")]
    assert 'role="img"' in head
    assert 'aria-labelledby="fig-purposes-title"' in head and 'aria-describedby="fig-purposes-takeaway"' in head


def _luminance(hex_colour: str) -> float:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme, index", [("light", 0), ("dark", 1)])
def test_palette_meets_wcag_aa_on_both_backgrounds(scheme, index):
    background = BACKGROUNDS[scheme]
    assert contrast(PALETTE["ink"][index], background) >= 4.5  # text
    for mark in ("blue", "orange", "teal", "purple", "grey", "axis"):
        assert contrast(PALETTE[mark][index], background) >= 3.0, mark  # graphics (WCAG 1.4.11)


@pytest.mark.parametrize("scheme, index", [("light", 0), ("dark", 1)])
def test_an_interval_line_reads_on_every_bar_and_on_the_background(scheme, index):
    """The interval is ink over a halo of the page's background: on each bar colour one of the
    two stands out (≥ 3:1), and on the background the ink does."""
    assert PALETTE["halo"][index] == BACKGROUNDS[scheme]
    for mark in ("blue", "orange", "teal", "purple", "grey"):
        bar = PALETTE[mark][index]
        assert max(contrast(PALETTE["ink"][index], bar), contrast(PALETTE["halo"][index], bar)) >= 3.0, mark


def test_every_drawn_interval_has_its_halo_under_it_and_caps():
    for sf in seed_figures().values():
        if sf.type not in ("bars", "grouped-bars", "dumbbell"):
            continue
        layers = spec(sf, "fr")["layer"]
        rules = [(l["mark"]["type"], l["mark"]["color"]) for l in layers if l["mark"]["type"] in ("rule", "tick")
                 and l["mark"].get("color") in (PALETTE["halo"][0], PALETTE["ink"][0])]
        assert rules == [("rule", PALETTE["halo"][0]), ("tick", PALETTE["halo"][0]),
                         ("rule", PALETTE["ink"][0]), ("tick", PALETTE["ink"][0])], sf.id


# Machado et al. (2009) simulation matrices, severity 1, applied in linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _simulate(hex_colour: str, matrix) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    out = np.clip(np.array(matrix) @ lin, 0, 1)
    return 255 * np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)


@pytest.mark.parametrize("deficiency", CVD)
@pytest.mark.parametrize("index", [0, 1])
def test_external_and_internal_stay_apart_for_colour_blind_readers(deficiency, index):
    a = _simulate(PALETTE["blue"][index], CVD[deficiency])
    b = _simulate(PALETTE["orange"][index], CVD[deficiency])
    assert np.linalg.norm(a - b) > 100  # of 441 between black and white


def test_dark_css_recolours_every_palette_colour():
    css = dark_css()
    for day, night in PALETTE.values():
        assert f'[fill="{day}"] {{ fill: {night}; }}' in css
        assert f'[stroke="{day}"] {{ stroke: {night}; }}' in css


def set_share(data: Path, file: str, item: str, value: int) -> None:
    path = data / f"{file}.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row[0] == item:
            row[3] = str(value)
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_takeaways_on_the_real_data(survey):
    assert takeaway(fig(survey, "platforms"), "en") == (
        "Facebook leads at 82%, 4.8 times IBM Connections (17%), the leading internal network.")
    assert takeaway(fig(survey, "external-platforms"), "fr") == (
        "Facebook (82\u202f%) devance Twitter et LinkedIn, à égalité à 68\u202f%.")
    # 17 % and 15 % of 241: the intervals overlap, so neither leads.
    assert "cannot be told apart" in takeaway(fig(survey, "internal-platforms"), "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_takeaway_never_calls_overlapping_intervals_different(data, lang):
    set_share(data, "external_platforms", "facebook", 72)  # 72 % vs 68 % of 241: intervals overlap
    survey = load_survey(data)
    text = takeaway(fig(survey, "external-platforms"), lang)
    assert {"fr": "devance", "en": "ahead"}[lang] not in text
    assert text.startswith(catalogue(lang)["takeaway"]["overlap"].split("{")[0])
    low, high = wilson_interval(0.72, 241)
    assert low < wilson_interval(0.68, 241)[1]  # the premise: they do overlap


def test_equal_shares_are_a_tie(data):
    set_share(data, "internal_platforms", "chatter_or_yammer", 17)
    survey = load_survey(data)
    assert takeaway(fig(survey, "internal-platforms"), "en") == "IBM Connections and Chatter or Yammer are level at 17%."


def test_platform_leaders_that_overlap_get_no_ratio_sentence(data):
    set_share(data, "internal_platforms", "ibm_connections", 78)
    survey = load_survey(data)
    assert "times" not in takeaway(fig(survey, "platforms"), "en")
    assert "cannot be told apart" in takeaway(fig(survey, "platforms"), "en")


@pytest.mark.parametrize("figure_id", FIGURES)
def test_figure_csv_equals_the_data(survey, figure_id):
    figure = fig(survey, figure_id)
    rows = list(csv.DictReader(io.StringIO(figure_csv(figure).decode())))
    assert len(rows) == len(figure.rows()) > 0
    raw = {r.id: r for t in figure.figure.tables() for r in survey.tables[t].frame.itertuples()}
    for row in rows:
        source = raw[row["id"]]
        assert (row["label_fr"], row["label_en"]) == (source.label_fr, source.label_en)
        assert int(row["share_pct"]) == source.share_pct
        n = survey.n(source.base)
        if n is None:
            assert row["n"] == row["ci_low_pct"] == row["ci_high_pct"] == ""
        else:
            assert int(row["n"]) == n
            low, high = wilson_interval(source.share_pct / 100, n)
            assert float(row["ci_low_pct"]) == round(100 * low, 1)
            assert float(row["ci_high_pct"]) == round(100 * high, 1)


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for cell in ("+1", "-1", "@SUM(A1)"):
        assert neutralise(cell).startswith("'")
    assert neutralise("Facebook") == "Facebook"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shares_on_different_bases_never_share_an_axis(survey, lang):
    """A bases figure draws each row in its own panel, titled with its base and n."""
    sf = fig(survey, "awareness")
    panels = spec(sf, lang)["vconcat"]
    rows = sf.rows()
    assert len(panels) == len(rows) == rows["base"].nunique()
    for panel, base in zip(panels, rows["base"]):
        assert len(panel["data"]["values"]) == 1
        assert panel["title"]["text"].startswith(survey.bases[base]["label"][lang])
