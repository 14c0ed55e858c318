"""Printing a page (Chromium's print emulation): the article alone, charts as vector with their
caption and source and never split across two sheets, each link's address after its text."""

from __future__ import annotations

import re

import pytest
from conftest import LANG_ROOTS

from insights.figures import PALETTE

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".figure-controls",
          "details.figure-data", "details.figure-embed"]


def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_a_printed_page_keeps_the_article_and_whole_figures(browser, subpath_server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(subpath_server + LANG_ROOTS[lang] + "platforms/", wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print")
    for selector in HIDDEN:
        shown = [e for e in page.locator(selector).all() if e.is_visible()]
        assert shown == [], f"{selector} is printed"
    figures = page.locator("figure.insight-figure").all()
    assert len(figures) == 3
    for figure in figures:
        assert figure.evaluate("f => getComputedStyle(f).breakInside") == "avoid"
        assert figure.locator(".chart svg:visible").count() == 1  # vector, not a picture of it
        assert figure.locator(".figure-title").is_visible() and figure.locator(".figure-source").is_visible()
    # Printed from the dark theme, the charts keep their own (light) colours on white paper.
    fill = page.eval_on_selector("#fig-external-platforms .chart svg:not([hidden]) [data-tip]",
                                 "e => getComputedStyle(e).fill")
    assert fill == rgb(PALETTE["blue"][0])
    page.close()


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_a_printed_link_shows_its_absolute_address(browser, subpath_server, lang):
    page = browser.new_page()
    page.goto(subpath_server + LANG_ROOTS[lang] + "data/", wait_until="networkidle")
    page.emulate_media(media="print")
    links = page.locator("article a[href$='.csv']").all()
    assert links
    for link in links:
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert after == f'" <{link.evaluate("a => a.href")}>"', after
        assert after.startswith(f'" <{subpath_server}/')
    page.emulate_media(media="screen")
    assert links[0].evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    page.close()


def test_every_figure_fits_on_one_sheet_so_it_is_never_split(browser, subpath_server):
    """break-inside: avoid (checked above) keeps a figure whole only if it fits on a sheet."""
    page = browser.new_page()
    page.goto(subpath_server + "/platforms/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.pdf(format="A4").startswith(b"%PDF")
    sheet = (297 / 25.4 - 0.8) * 96  # an A4 sheet's content height at Chromium's default margins, CSS px
    heights = page.eval_on_selector_all("figure.insight-figure", "fs => fs.map(f => f.offsetHeight)")
    assert heights and max(heights) < sheet


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_a_printed_chart_is_the_wide_layout_across_the_sheet(browser, subpath_server, lang):
    """On A4 (794 px at 96 dpi), each chart prints in its wide layout across the text width, not
    the phone layout at half of it; the platforms page fits on three sheets."""
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    page.goto(subpath_server + LANG_ROOTS[lang] + "platforms/", wait_until="networkidle")
    page.emulate_media(media="print")
    for figure in page.locator("figure.insight-figure").all():
        assert figure.locator(".chart .chart-wide svg").is_visible()
        assert figure.locator(".chart svg:visible").bounding_box()["width"] >= 0.95 * figure.bounding_box()["width"]
    sheets = len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="A4")))
    assert 1 <= sheets <= 3, f"{sheets} A4 sheets"
    page.close()
