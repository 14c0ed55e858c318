"""Careful words on the built site: French typography in every text and title, each language's
own tooltips and labels, the navigation, the cards, the notebook's tables, as a reader meets them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import LANG_ROOTS

from insights.strings import catalogue

STRAIGHT = re.compile(r"[^\W\d_]'[^\W\d_]")  # an apostrophe between two letters, typed straight
ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
SHOWN_META = {"description", "og:title", "og:description", "twitter:title", "twitter:description", "og:image:alt"}


class _Words(HTMLParser):
    """The words a reader sees or hears: text outside code, scripts and styles (and a notebook's
    hidden copy of its code), titles and labels, and the page's description."""

    CODE = {"code", "pre", "script", "style", "svg", "kbd", "samp"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._code = 0
        self._copy: list = []  # [tag, depth] inside mkdocs-jupyter's clipboard copy

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._code += tag in self.CODE
        if self._copy and tag == self._copy[0]:
            self._copy[1] += 1
        elif "clipboard-copy-txt" in (attrs.get("class") or "").split():
            self._copy = [tag, 1]
        self.words += [v for k, v in attrs.items() if k in ATTRIBUTES and v]
        if tag == "meta" and (attrs.get("name") or attrs.get("property")) in SHOWN_META:
            self.words.append(attrs.get("content") or "")

    def handle_endtag(self, tag):
        self._code -= tag in self.CODE and self._code > 0
        if self._copy and tag == self._copy[0]:
            self._copy[1] -= 1
            if not self._copy[1]:
                self._copy = []

    def handle_data(self, data):
        if not self._code and not self._copy:
            self.words.append(data)


def words(html: str) -> list[str]:
    parser = _Words()
    parser.feed(html)
    return parser.words


def pages(site, lang: str):
    root = site / LANG_ROOTS[lang].strip("/")
    for path in sorted(root.glob("**/index.html")):
        if lang == "fr" and path.relative_to(site).parts[0] in [code.strip("/") for code in LANG_ROOTS.values() if code != "/"]:
            continue  # another language's page
        yield path


def test_french_pages_have_curly_apostrophes_in_every_text_and_title(site):
    """Text, headings, navigation, <title>, tooltips, labels and descriptions: l’article, never l'article."""
    found = []
    for path in pages(site, "fr"):
        found += [f"{path.relative_to(site)}: {m.string[max(0, m.start() - 30):m.end() + 30]!r}"
                  for text in words(path.read_text(encoding="utf-8")) for m in STRAIGHT.finditer(text)]
    assert len(list(pages(site, "fr"))) > 8
    assert found == []


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_tooltips_and_labels_are_in_the_page_language(site, lang):
    s = catalogue(lang)
    platforms = (site / LANG_ROOTS[lang].strip("/") / "platforms" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'class="headerlink"[^>]*title="([^"]*)"', platforms)
    assert links and set(links) == {s["permalink"]}
    notebook = (site / LANG_ROOTS[lang].strip("/") / "analysis" / "index.html").read_text(encoding="utf-8")
    buttons = re.findall(r'<clipboard-copy[^>]*aria-label="([^"]*)"', notebook)
    assert buttons and set(buttons) == {s["copy_cell"]}


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_navigation_names_the_home_page_not_the_site_again(site, lang):
    html = (site / LANG_ROOTS[lang].strip("/") / "platforms" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index('md-nav--primary'):]
    entries = re.findall(r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', primary)
    assert entries[0] == catalogue(lang)["home"]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_card_words_continue_their_number_and_keep_the_range_whole(site, lang):
    """'40 % ont une forme…' (lowercase, as the home page's key figures), the range in one piece."""
    html = (site / LANG_ROOTS[lang].strip("/") / "context" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<span class="card-label">([^<]*)</span>', html)
    assert labels and all(not (label[0].isupper() and label[1:2].islower()) for label in labels), labels
    assert html.count('<span class="card-base">') == len(labels)
    assert re.search(r'<span class="card-base">[^<]*<span class="range">', html)


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_notebook_tables_are_indexed_by_item_not_by_row_number(site, lang):
    html = (site / LANG_ROOTS[lang].strip("/") / "analysis" / "index.html").read_text(encoding="utf-8")
    heads = re.findall(r'<tr>\s*<th>([^<]*)</th>', html[html.index("dataframe"):])
    assert heads and not any(head.strip().isdigit() for head in heads), heads


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_every_footer_names_the_data_and_its_licence(site, lang):
    """The footer says whose figures the page shows and under what licence (or how many surveys),
    and links the data page that gives every source and file."""
    f = catalogue(lang)["footer"]
    checked = 0
    for path in pages(site, lang):
        if "embed" in path.parts:
            continue
        html = path.read_text(encoding="utf-8")
        line = re.search(r'<p class="md-copyright__highlight footer-data">(.*?)</p>', html, re.S)
        assert line, path
        words_ = re.sub(r"<[^>]+>", "", line.group(1))
        named = f["licence_unknown"] in words_ or f["many"].split("{")[0] in words_
        assert named, (path, words_)
        assert f'>{f["files"]}</a>' in line.group(1)
        checked += 1
    home = (site / LANG_ROOTS[lang].strip("/") / "index.html").read_text(encoding="utf-8")
    assert "CompTIA" in re.search(r'footer-data">(.*?)</p>', home, re.S).group(1)  # the home page shows one study
    assert checked >= 9
