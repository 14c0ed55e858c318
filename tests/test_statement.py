"""The accessibility statement claims what the tests check, and only that: each check it lists is
made by tests that exist, the counts it gives are the last run's, and it says how to report a
problem. Every page of every language links it."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import LANG_ROOTS, ROOT

from insights import LANGUAGES, accessibility, fmt
from insights.strings import catalogue


def test_every_check_the_statement_claims_is_made_by_tests_that_exist():
    defined = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined |= {f"tests/{path.name}::{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)}
    for check, tests in accessibility.CHECKS.items():
        assert tests and set(tests) <= defined, (check, set(tests) - defined)
    for lang in LANGUAGES:
        assert set(catalogue(lang)["accessibility"]["checks"]) == set(accessibility.CHECKS)


def test_a_test_counts_towards_its_checks_whatever_its_parameters():
    assert accessibility.check_of("tests/test_pages.py::test_every_page[fr-/-1280]") == ["axe"]
    assert set(accessibility.check_of(
        "tests/test_browser.py::test_each_figure_has_one_row_of_controls_that_open_in_place_without_javascript[360-en]"
    )) == {"keyboard", "no_javascript"}
    assert accessibility.check_of("tests/test_cache.py::test_a_key_changes_with_any_of_its_parts_and_their_boundaries") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_counts_are_given_only_when_a_run_left_them(lang):
    w = catalogue(lang)["accessibility"]
    unknown = accessibility.render_checks(lang, None)
    assert unknown.count("<li>") == len(accessibility.CHECKS) and w["counts_unknown"] in unknown
    counts = {check: [5, 6] if check == "axe" else [2, 2] for check in accessibility.CHECKS}
    known = accessibility.render_checks(lang, counts)
    assert w["counted"].format(passed=fmt.integer(5, lang), run=fmt.integer(6, lang)) in known
    assert w["counts_known"] in known


@pytest.mark.parametrize("lang", LANGUAGES)
def test_how_to_report_a_problem(lang):
    mail = accessibility.render_contact(lang, "a11y@example.org", "https://github.com/o/r")
    assert 'href="mailto:a11y@example.org"' in mail
    issue = accessibility.render_contact(lang, None, "https://github.com/o/r/")
    assert 'href="https://github.com/o/r/issues"' in issue
    assert accessibility.render_contact(lang, None, None).strip() == catalogue(lang)["accessibility"]["issue_no_repository"]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_statement_is_linked_from_every_page_and_lists_every_check(site, lang):
    root = site / LANG_ROOTS[lang].strip("/")
    statement = (root / "accessibility" / "index.html").read_text(encoding="utf-8")
    checks = re.search(r'<ul class="accessibility-checks">(.*?)</ul>', statement, re.S).group(1)
    assert checks.count("<li>") == len(accessibility.CHECKS)
    pages = [p for p in root.glob("**/index.html") if "embed" not in p.relative_to(site).parts
             and not (lang == "fr" and p.relative_to(site).parts[0] in [c.strip("/") for c in LANG_ROOTS.values() if c != "/"])]
    assert len(pages) >= 11
    for page in pages:
        footer = page.read_text(encoding="utf-8").split('class="md-copyright"', 1)[1]
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', footer)
        target = [href for href, words in links if words == catalogue(lang)["footer"]["accessibility"]]
        assert target, page
        assert (page.parent / target[0]).resolve() == (root / "accessibility").resolve(), (page, target)
