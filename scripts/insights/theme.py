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

The page is read and changed through an HTML parser (markup.py), never regular expressions. What
the theme can do itself is left to it: overrides/main.html writes the page's description, sharing
tags and serve-time notes from page.meta (build.py's Build.content).
"""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import urljoin

from insights import markup
from insights.languages import language

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
             "not_found": words[code].get("not_found", {}), "footer": words[code].get("footer", {}),
             "changes": words[code].get("changes", {})}
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


class ThemeChanged(Exception):
    """The theme's markup no longer has what a correction needs: read CONTRIBUTING.md, "Upgrade watch"."""


def fix_page(page_html: str, lang: str, default: str, elements: list[markup.Element] | None = None) -> str:
    """hreflang links out of <head>, the search dialog named in the page's language, and the
    theme's config pointed at the language's own search index. Read by an HTML parser: an element
    that the theme stops emitting is an error (ThemeChanged), not a correction silently skipped.
    `elements`: markup.elements(page_html), if the caller already has them."""
    changes, config, header, dialog = [], None, False, False
    for element in markup.elements(page_html) if elements is None else elements:
        attrs = element.attrs
        if element.tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            changes.append(element.removed(page_html))
        elif element.tag == "header" and "md-header" in element.classes():
            header = True
        elif element.tag == "div" and attrs.get("data-md-component") == "search" and attrs.get("role") == "dialog":
            dialog = True
            changes.append(element.with_attribute("aria-label", language(lang).search))
        elif element.tag == "script" and attrs.get("id") == "__config":
            config = page_config(json.loads(element.content(page_html)), lang, default)
            changes.append((element.end, element.content_end, json.dumps(config, ensure_ascii=False)))
    if config is None or (header and not dialog):
        missing = "<script id=\"__config\">" if config is None else "the search dialog (role=\"dialog\")"
        raise ThemeChanged(f"the theme's page has no {missing} any more")
    return markup.edit(page_html, changes)


def finish_page(page_html: str, lang: str, default: str) -> str:
    """A page as the site serves it: corrected (fix_page), then its policy first in <head>. One
    reading of the page serves both: the corrections change no script that runs and no style."""
    elements = markup.elements(page_html)
    return add_csp(fix_page(page_html, lang, default, elements), content_security_policy(page_html, elements))


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


def print_urls(content_html: str, page_url: str, elements: list[markup.Element] | None = None) -> str:
    """Give each link in the page's content its absolute URL, for print (site.css writes it after
    the text); not the headings' own anchors. `elements`: markup.elements(content_html), if known."""
    return markup.edit(content_html, [
        element.with_attribute("data-print-url", urljoin(page_url, element.attrs["href"]))
        for element in (markup.elements(content_html) if elements is None else elements)
        if element.tag == "a" and (element.attrs.get("href") or "#")[0] != "#" and "headerlink" not in element.classes()
    ])


CHARSET = '<meta charset="utf-8">'
EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}
POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'


def _inline(page_html: str, elements: list[markup.Element] | None = None) -> tuple[list[str], list[str], list[str]]:
    """What a page runs or styles from its own text: inline scripts that run, <style> blocks and
    style="" attributes, read by an HTML parser as the browser reads them."""
    elements = markup.elements(page_html) if elements is None else elements
    scripts = [e.content(page_html) for e in elements if e.tag == "script" and "src" not in e.attrs
               and (e.attrs.get("type") or "").strip().lower() in EXECUTABLE]
    styles = [e.content(page_html) for e in elements if e.tag == "style"]
    return scripts, styles, [e.attrs["style"] for e in elements if e.attrs.get("style") is not None]


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(page_html: str, elements: list[markup.Element] | None = None) -> str:
    """The policy of one page: its own inline scripts and styles by hash, all else from 'self'."""
    scripts, styles, attributes = (sorted({_hash(text) for text in texts}) for texts in _inline(page_html, elements))
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
    reload_scripts = [_hash(body) for body in _inline(served_html)[0] if LIVE_RELOAD in body]
    directives = served_html[value_start:value_end].split("; ")
    directives = [" ".join([d, *reload_scripts]) if d.startswith("script-src ") else d for d in directives]
    return served_html[:value_start] + "; ".join(directives) + served_html[value_end:]
