"""What the numbers can and cannot say: computed from data/, shown on the methodology page in
both languages. Shares of one base are not independent; a gap is clear only when its worst-case
95 % interval excludes zero; "at least one internal network" is bounded, not added up."""

from __future__ import annotations

import math
import re
from html import unescape

import pytest

from conftest import SEED_DIR
from insights import fmt, metrics
from insights.data import load_survey
from insights.strings import catalogue
from insights.values import build_values, gap_verdicts

SURVEY = load_survey(SEED_DIR)
SHARES = {t: dict(zip(SURVEY.tables[t].frame["id"], SURVEY.tables[t].frame["share_pct"]))
          for t in ("external_platforms", "internal_platforms")}


def test_the_gap_interval_takes_the_worst_case_overlap():
    # Two shares that no respondent could both give (p12 = 0) vs the same shares treated as independent.
    low, high = metrics.gap_interval_same_respondents(0.17, 0.15, 241)
    independent = 1.96 * math.sqrt((0.17 * 0.83 + 0.15 * 0.85) / 241)
    assert high - low > 2 * independent  # wider than the independent-samples interval
    assert (low + high) / 2 == pytest.approx(0.02)
    # p1 + p2 > 1: at least p1 + p2 − 1 gave both, which narrows the worst case.
    low, high = metrics.gap_interval_same_respondents(0.82, 0.68, 241)
    assert high - low < 2 * 1.96 * math.sqrt((0.82 * 0.18 + 0.68 * 0.32 + 2 * 0.82 * 0.68) / 241)


def test_which_gaps_the_data_supports():
    verdicts = {(v["a"]["id"], v["b"]["id"]): v["verdict"] for v in gap_verdicts(SURVEY)}
    assert verdicts[("facebook", "ibm_connections")] == "clear"
    assert verdicts[("twitter", "linkedin")] == "unclear"
    assert verdicts[("ibm_connections", "chatter_or_yammer")] == "unclear"


def test_at_least_one_internal_network_is_bounded_from_the_data():
    values = build_values(SURVEY)
    internal = SHARES["internal_platforms"]
    assert values["comptia-2012.internal.any.low"].number == max(internal.values()) / 100 == 0.17
    assert values["comptia-2012.internal.any.high"].number == pytest.approx(sum(internal.values()) / 100) == 0.43
    split = (sum(internal.values()) + internal["chatter_or_yammer"]) / 100
    assert values["comptia-2012.internal.any_split.high"].number == pytest.approx(split) == pytest.approx(0.58)


@pytest.mark.parametrize("lang, prefix", [("fr", ""), ("en", "en/")])
def test_the_methodology_page_says_it_in_each_language(site, lang, prefix):
    html = (site / prefix / "methodology" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    g = catalogue(lang)["gaps"]
    assert g["independence"].split("{")[0].strip() in text
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    verdicts = {unescape(re.sub(r"<[^>]+>", "", cells[0])): unescape(cells[-1]) for cells in rows
                if cells and unescape(cells[-1]) in (g["clear"], g["unclear"], g["untested"])}
    expected = {("Facebook", "IBM Connections"): "clear", ("Twitter", "LinkedIn"): "unclear",
                ("IBM Connections", {"fr": "Chatter ou Yammer", "en": "Chatter or Yammer"}[lang]): "unclear"}
    for (a, b), verdict in expected.items():
        match = [v for pair, v in verdicts.items() if pair.startswith(a + " (") and f"/ {b} (" in pair]
        assert match == [g[verdict]], (a, b, verdicts)
    for share in (0.17, 0.43, 0.58):
        assert fmt.percent(share, lang) in text


def test_citation_cff_names_the_seed_study_and_its_article():
    import yaml

    from insights import ROOT

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert all(cff.get(key) for key in ("message", "title", "authors"))
    sources = SURVEY.study.sources
    by_type = {ref["type"]: ref for ref in cff["references"]}
    assert by_type["report"]["authors"][0]["name"] == sources["study"].producer
    assert by_type["report"]["year"] == sources["study"].published
    assert by_type["article"]["title"] == sources["article"].title
    assert by_type["article"]["date-published"] == sources["article"].published
