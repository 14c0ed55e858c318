"""What a page says when it is shared: description, canonical URL, Open Graph and Twitter tags,
with absolute URLs built from SITE_URL, and a social card per page and language."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import project_copy, run_mkdocs_build, site_pages

from insights.cache import STORE
from insights import DATA_DIR, LANGUAGES, fmt, markup, social
from insights.generate import compute

LOCALES = {"fr": ("fr_FR", "en_US"), "en": ("en_US", "fr_FR")}


class Head(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical, self.title, self._in_title, self.body = None, "", False, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a["content"])
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_title = tag == "title"

    def handle_data(self, data):
        self.body.append(data)


def built_pages(site: Path) -> list[tuple[str, str]]:
    """(language, path under the site root) of every page."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()[: -len("index.html")]
        if not rel.startswith(("generated/", "search/", "assets/", "embed/", "en/embed/")):
            out.append(("en" if rel.startswith("en/") else "fr", rel))
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_its_own_absolute_sharing_tags(subpath):
    site, site_url = Path(subpath.directory), subpath.url + "/"
    pages = built_pages(site)
    assert len(pages) == 2 * len(site_pages())
    descriptions = set()
    for lang, rel in pages:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        head = Head(html)
        one = {key: values[0] for key, values in head.meta.items()}
        assert head.canonical == site_url + rel == one["og:url"], rel
        assert one["og:title"] and one["og:title"] in html.split("<title>")[1], rel
        description = one["description"]
        assert head.meta["description"] == [description] and one["og:description"] == description
        # Its own words: the opening of this page's article, in this page's language.
        opening = social.summary(html)
        assert opening.startswith(description.rstrip("…")), rel
        descriptions.add(description)
        assert (one["og:locale"], one["og:locale:alternate"]) == LOCALES[lang]
        assert one["twitter:card"] == "summary_large_image"
        assert one["og:image"].startswith(site_url + "generated/cards/") and one["og:image"].endswith(f"-{lang}.png")
        card = site / one["og:image"][len(site_url):]
        assert png_size(card.read_bytes()) == (1200, 630) == (int(one["og:image:width"]), int(one["og:image:height"]))
    assert len(descriptions) == len(pages), "two pages share a description"


def test_home_cards_differ_by_language_and_show_the_leading_share_in_its_format(subpath, tmp_path):
    site = Path(subpath.directory)
    cards = {lang: (site / "generated" / "cards" / f"index-{lang}.png").read_bytes() for lang in LANGUAGES}
    assert cards["fr"] != cards["en"]
    _, ctx, _ = compute(DATA_DIR, STORE)
    facebook = ctx.surveys["comptia-2012"].tables["external_platforms"].frame.set_index("id").loc["facebook", "share_pct"] / 100
    for lang, prefix in (("fr", ""), ("en", "en/")):
        page = (site / prefix / "index.html").read_text(encoding="utf-8")
        number = social.headline(social.first_figure(markup.elements(page)), lang, ctx)
        assert number.number == fmt.percent(facebook, lang) == {"fr": "82\u202f%", "en": "82%"}[lang]
        assert number.label == "Facebook"


def test_card_names_follow_the_page_and_its_language():
    assert social.card_name("", "fr", "fr") == "index-fr"
    assert social.card_name("en/", "en", "fr") == "index-en"
    assert social.card_name("en/platforms/", "en", "fr") == "platforms-en"
    assert social.card_name("platforms/", "fr", "fr") == "platforms-fr"


@pytest.mark.slow  # a whole build
def test_a_build_with_nothing_changed_draws_no_card_and_reads_no_table(tmp_path):
    """The second build finds everything in the cache: it draws, fills and parses nothing, and does
    not even import pandas or Altair (Python's own import log says what it imported)."""
    project = project_copy(tmp_path / "project")
    drawn = []
    for imports in ({}, {"PYTHONPROFILEIMPORTTIME": "1"}):
        result = run_mkdocs_build(tmp_path / "site", project / "mkdocs.yml", env=imports)
        assert result.returncode == 0, result.stderr[-2000:]
        drawn.append(re.search(r"Social cards: (\d+) drawn, (\d+) unchanged", result.stderr).groups())
    cards = str(2 * len(site_pages()))
    assert drawn == [(cards, "0"), ("0", cards)]
    pages = len(site_pages())
    assert f"Pages: {pages} written (fr), {pages} written (en); markers filled in 0, reused in {2 * pages}" in result.stderr
    assert "Charts: 0 drawn" in result.stderr and "Notebooks: 0 executed, 2 from cache" in result.stderr
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "insights.build" in imported, "the import log was read"
    assert not {"pandas", "altair", "pandera", "insights.data", "insights.generate"} & imported
