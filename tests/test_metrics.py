"""Every metric against values computed by hand (formulas in the comments)."""

import math

import pandas as pd
import pytest

from insights import metrics


def test_wilson_interval_of_82_percent_of_241():
    # p = .82, n = 241, z = 1.96: centre = (p + z²/2n)/(1 + z²/n) = .81498,
    # half = z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n) = .04839 → 76.7 %–86.3 %
    low, high = metrics.wilson_interval(0.82, 241)
    assert round(low, 3) == 0.767
    assert round(high, 3) == 0.863


@pytest.mark.parametrize("share, n, expected", [
    (0.17, 241, (0.128, 0.223)),  # IBM Connections
    (0.04, 241, (0.022, 0.073)),  # Telligent: asymmetric near 0
    (0.0, 10, (0.0, 0.278)),      # z²/(n+z²) = 3.8415/13.8415
    (1.0, 10, (0.722, 1.0)),
])
def test_wilson_interval_other_cases(share, n, expected):
    low, high = metrics.wilson_interval(share, n)
    assert (round(low, 3), round(high, 3)) == expected


def test_wilson_interval_rejects_bad_input():
    with pytest.raises(ValueError):
        metrics.wilson_interval(0.5, 0)
    with pytest.raises(ValueError):
        metrics.wilson_interval(1.2, 10)


def test_margin_of_error_at_50_percent_of_241():
    # 1.96 · sqrt(.25/241) = .0631
    assert round(metrics.margin_of_error(241), 4) == 0.0631


def test_implied_count_rounds_half_up():
    assert metrics.implied_count(82, 241) == 198  # 197.62
    assert metrics.implied_count(10, 241) == 24  # 24.1
    assert metrics.implied_count(50, 5) == 3  # 2.5 → 3, not banker's 2


def test_gap_and_ratio():
    assert metrics.gap_points(82, 17) == 65
    assert round(metrics.ratio(82, 17), 4) == 4.8235
    with pytest.raises(ValueError):
        metrics.ratio(1, 0)


def test_intervals_overlap():
    assert metrics.intervals_overlap((0.2, 0.3), (0.25, 0.4))
    assert metrics.intervals_overlap((0.2, 0.3), (0.3, 0.4))
    assert not metrics.intervals_overlap((0.2, 0.3), (0.31, 0.4))


def _frame(rows):
    return pd.DataFrame(rows, columns=["id", "share_pct", "base"])


def test_shares_adds_n_count_and_interval_only_where_n_is_known():
    bases = {"a": {"n": 241}, "b": {"n": None}}
    out = metrics.shares(_frame([("x", 10, "a"), ("y", 68, "b")]), bases)
    assert list(out["share"]) == [0.10, 0.68]
    assert out.loc[0, "n"] == 241 and out.loc[0, "count"] == 24
    assert round(out.loc[0, "ci_low"], 3) == 0.068 and round(out.loc[0, "ci_high"], 3) == 0.144
    assert pd.isna(out.loc[1, "n"]) and pd.isna(out.loc[1, "count"]) and math.isnan(out.loc[1, "ci_low"])


def test_leader_ties_and_compare_leaders():
    ext = _frame([("facebook", 82, "a"), ("twitter", 68, "a"), ("linkedin", 68, "a")])
    int_ = _frame([("ibm", 17, "a"), ("jive", 7, "a")])
    assert metrics.leader(ext)["id"] == "facebook"
    assert metrics.ties(ext) == [["twitter", "linkedin"]]
    assert metrics.ties(int_) == []
    result = metrics.compare_leaders(ext, int_)
    assert result["first"] == "facebook" and result["second"] == "ibm"
    assert result["gap_points"] == 65 and round(result["ratio"], 2) == 4.82


def test_the_source_margin_of_error_gives_the_effective_sample_it_implies():
    """A source that states ±2.9 points for 1,502 weighted respondents: the site's intervals use the
    sample for which ±2.9 is the simple-random margin, not 1,502 (which would give ±2.5)."""
    n_eff = metrics.effective_n(1502, source_moe=2.9)
    assert round(100 * metrics.margin_of_error(n_eff), 1) == 2.9
    assert round(100 * metrics.margin_of_error(1502), 1) == 2.5
    assert round(n_eff) == 1142


def test_a_design_effect_divides_n_and_widens_every_interval():
    assert metrics.effective_n(1000, design_effect=1.5) == pytest.approx(666.67, abs=0.01)
    assert metrics.effective_n(1000) == 1000 and metrics.effective_n(None) is None
    frame = _frame([("x", 40, "w"), ("y", 40, "s")])
    out = metrics.shares(frame, {"w": {"n": 1000, "effective_n": metrics.effective_n(1000, design_effect=1.5)},
                                 "s": {"n": 1000}})
    weighted, simple = (out.loc[i, "ci_high"] - out.loc[i, "ci_low"] for i in (0, 1))
    assert weighted > simple
    assert out.loc[0, "n"] == out.loc[1, "n"] == 1000  # n is shown as the source gives it
    assert out.loc[0, "count"] == out.loc[1, "count"] == 400


def test_the_difference_of_two_independent_shares_has_newcombe_interval():
    """Newcombe (1998), Statistics in Medicine 17:873, table II, example (a): 56/70 against 48/80,
    hybrid score interval (method 10): 0.0524 to 0.3339."""
    low, high = metrics.gap_interval_independent(56 / 70, 70, 48 / 80, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)
    low, high = metrics.gap_interval_independent(0.5, 40, 0.45, 40)
    assert low < 0 < high  # 5 points on two groups of 40: cannot be told apart
