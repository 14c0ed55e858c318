"""Content-Security-Policy: every page, the 404 page and every embed carry one in a <meta>
(GitHub Pages cannot send headers), scripts only from the site or by hash, never
'unsafe-inline' or 'unsafe-eval'; and Chromium reports no violation while a reader uses them."""

from __future__ import annotations

import re
from pathlib import Path

import base64
import hashlib

import pytest
from bs4 import BeautifulSoup
from conftest import CSP_LISTENER, LANG_ROOTS, Watch, csp_violations, site_pages

from insights.embed import embed_path
from insights.generate import load_studies

FIGURES = [fid for fid, sf in load_studies()[1].items() if sf.drawn()]  # each chart has an embed page
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Every page is also loaded with its palette toggled in test_pages.py, which checks it reports no
# violation; here: the pages with charts (tooltips, search), every embed and the 404 page.
CHART_PAGES = ["", "platforms/", "purposes/", "awareness/"]
URLS = ([LANG_ROOTS[lang] + path for lang in LANG_ROOTS for path in CHART_PAGES]
        + ["/" + embed_path(f, lang) for f in FIGURES for lang in LANG_ROOTS] + ["/no-such-page/", "/en/no-such-page/"])
HTML_FILES = len(LANG_ROOTS) * (len(site_pages()) + len(FIGURES)) + 1  # pages, embeds, the one 404.html


def test_every_html_file_has_a_strict_policy_before_any_script(subpath):
    files = sorted(Path(subpath.directory).rglob("*.html"))
    assert len(files) == HTML_FILES
    for path in files:
        html = path.read_text(encoding="utf-8")
        policies = POLICY.findall(html)
        assert len(policies) == 1, path
        assert html.index("Content-Security-Policy") < html.find("<script") or "<script" not in html, path
        directives = dict(d.strip().split(" ", 1) for d in policies[0].split(";"))
        assert directives["default-src"] == "'self'"
        script_src = directives["script-src"].split()
        assert script_src[0] == "'self'" and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        for script in BeautifulSoup(html, "html.parser").find_all("script", src=False):
            if script.get("type", "text/javascript") in ("text/javascript", "module"):
                digest = base64.b64encode(hashlib.sha256((script.string or "").encode()).digest()).decode()
                assert f"'sha256-{digest}'" in script_src, (path, (script.string or "")[:60])


@pytest.mark.parametrize("url", URLS)
def test_no_violation_while_reading(browser, subpath_server, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CSP_LISTENER)
    watch = Watch(page, subpath_server)
    page.goto(subpath_server + url, wait_until="networkidle")
    marks = page.locator(".chart-wide [data-tip]")
    if marks.count():  # the tooltips of a chart
        marks.first.scroll_into_view_if_needed()
        marks.first.hover()
        page.locator(".chart-tooltip").wait_for(state="visible")
    if page.locator("input.md-search__input").count():  # search, in its worker
        search = page.locator("input.md-search__input")
        search.click()
        search.fill("Faceboo")
        search.press("k")
        page.locator(".md-search-result__meta", has_text=re.compile(r"\d")).wait_for()
        page.keyboard.press("Escape")
        page.locator("form[data-palette] label:visible").first.click()  # the palette toggle
    assert csp_violations(page) == []
    page.close()
    if "no-such-page" in url:
        watch.failed = [f for f in watch.failed if not f.startswith("404 ")]
        watch.errors = [e for e in watch.errors if "404 (Not Found)" not in e]
    watch.assert_clean()
