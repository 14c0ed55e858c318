"""Corrections to what Material for MkDocs and mkdocs-static-i18n emit, as pure functions
(HTML or JSON in, HTML or JSON out) that the hook applies to every page and to the built site.

- hreflang links in <head>: Material's script fetches "sitemap.xml" next to each of them,
  expecting language roots; mkdocs-static-i18n makes them per-page, so every page asked for
  <page>/sitemap.xml (a 404). They are dropped from <head>; sitemap.xml keeps every page's
  alternates, absolute, which search engines read as the equivalent of the <head> links.
- the search dialog gets an accessible name in the page's language.
- search is per language: the shared index is split in two, each page searches its own
  language's index, through a worker that folds accents (so "methodologie" finds
  "Méthodologie").
- printing: each link in the article carries its absolute URL (data-print-url), which the
  print style sheet writes after the link's text.
- a Content-Security-Policy in a <meta> (GitHub Pages cannot send headers): everything from
  the site itself; inline scripts and styles allowed by their hash, computed per page, since
  Material's inline scripts vary with the page's depth. No 'unsafe-inline', no 'unsafe-eval'.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from insights.languages import language

HEAD_ALTERNATE = re.compile(r'\n\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
FOLDING_WORKER = "search-folding.js"


def language_prefix(lang: str, default: str) -> str:
    """Where a language lives under the site root: '' for the default, 'en/' for English."""
    return "" if lang == default else f"{lang}/"


def template_languages(languages: list[tuple[str, str]], default: str) -> list[dict]:
    """What the 404 page and the footer (overrides/) show of each language: its code, its folder
    under the site root, its site name, and its words (strings/<lang>.yml: not_found, footer).
    `languages`: (code, site name) in the order mkdocs.yml declares them. A missing text is left
    out here; the build stops before any page with its name (parity.py)."""
    from insights.strings import STRINGS_DIR, catalogue

    words = {code: catalogue(code) if (STRINGS_DIR / f"{code}.yml").exists() else {} for code, _ in languages}
    return [{"code": code, "prefix": language_prefix(code, default), "site_name": site_name,
             "not_found": words[code].get("not_found", {}), "footer": words[code].get("footer", {})}
            for code, site_name in languages]


def page_config(config: dict, lang: str, default: str) -> dict:
    """The theme's page config: search this language's index, through the folding worker."""
    worker = config["search"]
    folder, theme_worker = worker.rsplit("/", 1)
    base = config["base"].rstrip("/")
    prefix = language_prefix(lang, default).rstrip("/")
    return {
        **config,
        "base": f"{base}/{prefix}/" if prefix else config["base"],  # the slash matters to new URL()
        "search": f"{folder}/{FOLDING_WORKER}?theme={theme_worker}",
    }


def fix_page(html: str, lang: str, default: str) -> str:
    html = HEAD_ALTERNATE.sub("", html)
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{language(lang).search}">', 1)

    def config(match: re.Match) -> str:
        fixed = page_config(json.loads(match.group(2)), lang, default)
        return match.group(1) + json.dumps(fixed, ensure_ascii=False) + match.group(3)

    return CONFIG.sub(config, html, count=1)


def split_search_index(index: dict, languages: tuple[str, ...], default: str) -> dict[str, dict]:
    """One search index per language (key: the language's prefix), locations relative to it."""
    prefixes = {lang: language_prefix(lang, default) for lang in languages}
    out = {}
    for lang, prefix in prefixes.items():
        others = [p for other, p in prefixes.items() if other != lang and p]
        docs = [
            {**doc, "location": doc["location"][len(prefix):]}
            for doc in index["docs"]
            if doc["location"].startswith(prefix) and not any(doc["location"].startswith(p) for p in others)
        ]
        out[prefix] = {"config": {**index["config"], "lang": [lang]}, "docs": docs}
    return out


ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.S)
LINK = re.compile(r'<a ((?:(?!class="headerlink")[^>])*?)href="([^"#][^"]*)"')


def print_urls(page_html: str, page_url: str) -> str:
    """Give each link in the article its absolute URL, for print (site.css writes it after the text)."""

    def link(match: re.Match) -> str:
        url = urljoin(page_url, html_lib.unescape(match.group(2)))
        return f'<a {match.group(1)}href="{match.group(2)}" data-print-url="{html_lib.escape(url, quote=True)}"'

    def article(match: re.Match) -> str:
        return match.group(1) + LINK.sub(link, match.group(2)) + match.group(3)

    return ARTICLE.sub(article, page_html, count=1)


CHARSET = '<meta charset="utf-8">'
EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}
POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'


class _Inline(HTMLParser):
    """What a page runs or styles from its own text: inline scripts (with their type), <style>
    blocks and style="" attributes, read by an HTML parser as the browser reads them."""

    def __init__(self, page_html: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self._open: tuple[str, str] | None = None  # (element, type) whose text is being read
        self._text: list[str] = []
        self.feed(page_html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("style") is not None:
            self.style_attributes.append(attributes["style"])
        if tag == "script" and "src" not in attributes:
            self._open, self._text = ("script", (attributes.get("type") or "").strip().lower()), []
        elif tag == "style":
            self._open, self._text = ("style", ""), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            if tag == "script":
                self.scripts.append((self._open[1], "".join(self._text)))
            else:
                self.styles.append("".join(self._text))
            self._open = None


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(page_html: str) -> str:
    """The policy of one page: its own inline scripts and styles by hash, all else from 'self'."""
    inline = _Inline(page_html)
    scripts = sorted({_hash(body) for kind, body in inline.scripts if kind in EXECUTABLE})
    styles = sorted({_hash(body) for body in inline.styles})
    attributes = sorted({_hash(value) for value in inline.style_attributes})
    style_src = ["'self'", *styles, *(["'unsafe-hashes'", *attributes] if attributes else [])]
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *scripts]),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_csp(page_html: str, policy: str | None = None) -> str:
    """Put the page's policy first in <head>, before anything it governs. The last change to a page.
    `policy`: content_security_policy(page_html), if the caller already has it."""
    if CHARSET not in page_html:
        raise ValueError("no <meta charset> to put the Content-Security-Policy after")
    meta = f'{POLICY_META}{policy or content_security_policy(page_html)}">'
    return page_html.replace(CHARSET, f"{CHARSET}\n    {meta}", 1)


LIVE_RELOAD = "livereload("  # what MkDocs' live-reload script calls, and no script of the site does


def allow_live_reload(served_html: str) -> str:
    """Under `mkdocs serve` only: the page's policy also allows MkDocs' live-reload script, which
    the server adds to each page it sends (its text, hence its hash, changes with each response).
    That one script, by its hash: nothing else is allowed that the built page did not allow."""
    start = served_html.find(POLICY_META)
    if start < 0:
        return served_html
    value_start = start + len(POLICY_META)
    value_end = served_html.index('"', value_start)
    reload_scripts = [_hash(body) for kind, body in _Inline(served_html).scripts
                      if kind in EXECUTABLE and LIVE_RELOAD in body]
    directives = served_html[value_start:value_end].split("; ")
    directives = [" ".join([d, *reload_scripts]) if d.startswith("script-src ") else d for d in directives]
    return served_html[:value_start] + "; ".join(directives) + served_html[value_end:]


def add_to_article(page_html: str, fragment: str) -> str:
    """Put an HTML fragment first in the page's article."""
    if not fragment:
        return page_html
    return ARTICLE.sub(lambda m: m.group(1) + fragment + m.group(2) + m.group(3), page_html, count=1)
