"""Locale formatting: French 82 % with U+202F and 4,8; English 82% and 4.8."""

import pytest

from insights import fmt

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("call, fr, en", [
    (lambda l: fmt.percent(0.82, l), f"82{NNBSP}%", "82%"),
    (lambda l: fmt.percent(0.0631, l, 1), f"6,3{NNBSP}%", "6.3%"),
    (lambda l: fmt.decimal(82 / 17, l), "4,8", "4.8"),
    (lambda l: fmt.integer(1241, l), f"1{NNBSP}241", "1,241"),
    (lambda l: fmt.points(65, l), f"65{NBSP}pts", f"65{NBSP}pp"),
    (lambda l: fmt.interval(0.7666, 0.8634, l), f"76,7{NNBSP}%–86,3{NNBSP}%", "76.7%–86.3%"),
])
def test_formats(call, fr, en):
    assert call("fr") == fr
    assert call("en") == en


def test_no_plain_or_no_break_space_before_percent_in_french():
    text = fmt.percent(0.5, "fr") + fmt.interval(0.1, 0.2, "fr")
    assert " %" not in text and f"{NBSP}%" not in text


def test_chart_locale_matches_prose():
    # d3's French locale groups thousands with U+00A0; ours uses U+202F like the prose.
    # Derived from Babel (CLDR), with the site's typography.
    assert fmt.d3_locale("fr") == {"decimal": ",", "thousands": NNBSP, "grouping": [3], "currency": ["", NBSP + "€"],
                                   "percent": NNBSP + "%"}
    assert fmt.d3_locale("en") == {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}
