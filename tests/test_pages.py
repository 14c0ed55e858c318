"""Every built page, in both languages, as a reader meets it in headless Chromium:
accessibility (axe-core, light and dark), Content-Security-Policy violations, network, console, language, layout, language
switcher, search and keyboard. Screenshots go to test-artifacts/ for a failing run."""

from __future__ import annotations

import re

from urllib.parse import urlparse

import pytest
from conftest import CSP_LISTENER, LANG_ROOTS, Watch, axe_violations, csp_violations, site_pages

PAGES = site_pages()


def toggle_palette(page) -> str:
    page.locator("form[data-palette] label:visible").first.click()
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_every_page(browser, server, artifacts, lang, path, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme="light")
    page.add_init_script(CSP_LISTENER)
    watch = Watch(page, server)
    page.goto(server + LANG_ROOTS[lang] + path, wait_until="networkidle")
    name = f"{lang}-{path.strip('/') or 'home'}-{width}"

    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "horizontal scroll"
    page.screenshot(path=str(artifacts / f"{name}-light.png"), full_page=True)
    assert axe_violations(page) == [], "light palette"

    assert toggle_palette(page) == "slate"  # the same page in other colours: the colour rules again
    page.screenshot(path=str(artifacts / f"{name}-dark.png"))
    assert axe_violations(page, colours_only=True) == [], "dark palette"
    assert csp_violations(page) == [], "Content-Security-Policy"
    page.close()
    watch.assert_clean()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_language_switcher_lands_on_the_translation(browser, server, lang, path):
    other = "en" if lang == "fr" else "fr"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + LANG_ROOTS[lang] + path)
    page.locator(".md-header .md-select").hover()
    page.locator(f".md-header a.md-select__link[hreflang='{other}']").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == LANG_ROOTS[other] + path
    assert page.evaluate("document.documentElement.lang") == other
    page.close()


def search(page, server, lang: str, query: str) -> list[str]:
    page.goto(server + LANG_ROOTS[lang], wait_until="networkidle")
    # The theme reads the query on keyup (and when its worker is ready): fill all but the last
    # character, then type that one, so that exactly one query, the whole one, is searched.
    page.locator("input.md-search__input").fill(query[:-1])
    page.locator("input.md-search__input").press(query[-1])
    # The result count replaces "Initialising search" / "Type to start searching" once the
    # worker has answered this query: wait for that, not for a time.
    # (A locator, not wait_for_function: the page's Content-Security-Policy forbids eval.)
    page.locator(".md-search-result__meta", has_text=re.compile(r"\d|Aucun|No matching")).wait_for()
    return [urlparse(h).path for h in page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => e.href)")]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_search_finds_only_pages_in_the_reader_language(browser, server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    results = search(page, server, lang, "Facebook")  # a word both languages use
    assert results, "no result"
    for path in results:
        assert path.startswith("/en/") == (lang == "en"), path
    page.close()


@pytest.mark.parametrize("query, expected", [
    ("methodologie", "/methodology/"),  # Méthodologie
    ("reseaux", "/platforms/"),  # réseaux
    ("Méconnaissance", "/awareness/"),
    ("meconnaissance", "/awareness/"),
])
def test_french_search_ignores_accents(browser, server, query, expected):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    assert expected in search(page, server, "fr", query)
    page.close()


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none';
        return {
            tag: el.tagName.toLowerCase(), cls: String(el.className.baseVal ?? el.className),
            text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
            switcher: !!el.closest('.md-select'), search: el.matches('input.md-search__input'),
            nav: el.matches('.md-nav__link'), chart: el.matches('.insight-figure .chart'),
            visible: visible, inViewport: el.getBoundingClientRect().height > 0,
        };
    }""")


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_keyboard_reaches_switcher_search_navigation_and_every_chart(browser, server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + LANG_ROOTS[lang] + "platforms/", wait_until="networkidle")
    charts = page.locator(".insight-figure .chart").count()
    seen, invisible = [], []
    for _ in range(120):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if focus["search"]:
            page.keyboard.press("Escape")  # leave the search overlay, as a reader would
        if focus["tag"] != "body" and focus["inViewport"] and not focus["visible"]:
            invisible.append(focus)
        seen.append(focus)
    assert any(f["switcher"] for f in seen), "language switcher"
    assert any(f["search"] for f in seen), "search"
    assert any(f["nav"] for f in seen), "navigation"
    assert sum(f["chart"] for f in seen) >= charts == 3, "each chart"
    assert invisible == [], "focus not visible"
    page.close()
