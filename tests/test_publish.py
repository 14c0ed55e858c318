"""The site as GitHub Pages publishes it: under a project sub-path (/<repo>/), where links that
assume the host's root break, and with one 404.html for every missing URL in both languages."""

from __future__ import annotations

import re

from urllib.parse import urlparse

import pytest
from conftest import LANG_ROOTS, REPO, Watch, axe_violations, site_pages

PAGES = site_pages()
LINKED = "els => els.map(e => e.href || e.src).filter(u => u)"
_checked: dict[str, int] = {}  # URL → status, so each linked file is fetched once


def same_site_urls(page, root: str) -> set[str]:
    urls = set()
    for selector in ("a[href]", "link[href]", "script[src]", "img[src]"):
        urls.update(u.split("#")[0] for u in page.eval_on_selector_all(selector, LINKED))
    host = urlparse(root).netloc
    return {u for u in urls if urlparse(u).netloc == host}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_every_page_and_every_file_it_links_work_under_the_sub_path(browser, subpath_server, lang, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page, subpath_server)
    response = page.goto(subpath_server + LANG_ROOTS[lang] + path, wait_until="networkidle")
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    urls = same_site_urls(page, subpath_server)
    assert urls, "no link found"
    outside = [u for u in urls if not urlparse(u).path.startswith(f"/{REPO}/")]
    assert outside == [], "links that leave the sub-path"
    for url in sorted(urls - _checked.keys()):  # pages, assets, downloads (CSV, SVG, PNG, YAML)
        _checked[url] = page.request.get(url).status
    assert [u for u in urls if _checked[u] != 200] == []
    page.close()
    watch.assert_clean()


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_switcher_search_and_charts_under_the_sub_path(browser, subpath_server, lang):
    other = "en" if lang == "fr" else "fr"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page, subpath_server)
    page.goto(subpath_server + LANG_ROOTS[lang] + "platforms/", wait_until="networkidle")

    bar = page.locator("#fig-external-platforms .chart-wide [data-tip]").first
    bar.scroll_into_view_if_needed()
    bar.hover()
    page.locator(".chart-tooltip").wait_for(state="visible")

    search = page.locator("input.md-search__input")
    search.click()
    search.fill("Faceboo")
    search.press("k")
    page.locator(".md-search-result__meta", has_text=re.compile(r"\d")).wait_for()  # no page-side eval: CSP
    results = [urlparse(h).path for h in page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")]
    assert results and all(r.startswith(f"/{REPO}{LANG_ROOTS[lang]}") for r in results), results
    page.keyboard.press("Escape")

    page.locator(".md-header .md-select").hover()
    page.locator(f".md-header a.md-select__link[hreflang='{other}']").click()
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == f"/{REPO}{LANG_ROOTS[other]}platforms/"
    page.close()
    watch.assert_clean()


NOT_FOUND = {"fr": "Page introuvable", "en": "Page not found"}


@pytest.mark.parametrize("where", ["root", "sub-path"])
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_a_missing_url_gets_the_404_page_in_its_language(browser, server, subpath_server, where, lang):
    root = server if where == "root" else subpath_server
    url = root + LANG_ROOTS[lang] + "no-such-page/deeper/"
    page = browser.new_page(viewport={"width": 360, "height": 800})
    watch = Watch(page, root)
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    headings = page.locator("h1:visible").all_inner_texts()
    assert headings == [NOT_FOUND[lang]]
    assert page.title() == NOT_FOUND[lang]
    homes = {urlparse(h).path for h in page.eval_on_selector_all("main a:visible", LINKED)}
    base = urlparse(root).path
    assert homes == {f"{base}/", f"{base}/en/"}
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("main a:visible").first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"{base}{LANG_ROOTS[lang]}"
    assert page.evaluate("document.documentElement.lang") == lang
    page.close()
    watch.failed.remove(f"404 {url}")  # the missing page itself; nothing else may fail
    watch.errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")
    watch.assert_clean()


def test_without_javascript_the_404_page_shows_both_languages(browser, subpath_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(subpath_server + "/en/missing/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1:visible").all_inner_texts() == [NOT_FOUND["fr"], NOT_FOUND["en"]]
    assert page.locator("section[lang='en'] h1").is_visible()
    context.close()
