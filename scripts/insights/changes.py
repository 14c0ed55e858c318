"""Corrections and updates on the record: each study's changes.yml (study.Changes), as the pages
list them (markers: <!-- changes: <study> --> and <!-- changes: all -->) and as an Atom feed per
language, with absolute addresses, that a reader's feed reader follows without any other service."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.etree import ElementTree

from insights import fmt
from insights.strings import catalogue

ATOM = "http://www.w3.org/2005/Atom"
PAGE = "changes/"  # the site-wide page of every change, under each language's root (docs/changes.md)
FEED = "changes.xml"  # the feed, beside it


@dataclass(frozen=True)
class Entry:
    """One change of one study, in plain values (the build keeps them beside its context, so that
    a build with nothing to fill writes the feeds without reading a table)."""

    study: str
    title: dict  # the study's title by language
    date: datetime.date
    version: str
    what: dict  # by language
    why: dict

    @property
    def anchor(self) -> str:
        return f"change-{self.study}-{self.version.replace('.', '-')}"


def entries(surveys: dict) -> list[Entry]:
    """Every study's changes, newest first (on one day, by study)."""
    found = [Entry(study, survey.study.title.model_dump(), c.date, c.version, c.what.model_dump(), c.why.model_dump())
             for study, survey in surveys.items() for c in survey.changes]
    return sorted(found, key=lambda e: (-e.date.toordinal(), e.study, e.version))


def item(entry: Entry, lang: str, with_study: bool) -> str:
    """One change as an HTML list item: its date and version, what changed, and why."""
    from insights.site import text

    w, c = catalogue(lang)["changes"], entry
    study = f' · {text(entry.title[lang])}' if with_study else ""
    return (f'<li id="{entry.anchor}"><strong>{text(fmt.day(c.date, lang))}</strong>{study} · '
            f'{text(w["version"].format(version=c.version))}<br>{text(c.what[lang])} '
            f'<em>{text(w["why"])}</em> {text(c.why[lang])}</li>')


def atom(found: list[Entry], lang: str, site_url: str, prefix: str, site_name: str, quiet_date: str | None = None) -> bytes:
    """The Atom feed (RFC 4287) of the changes, in one language: every address absolute."""
    w = catalogue(lang)["changes"]
    page = f"{site_url}{prefix}{PAGE}"
    feed = ElementTree.Element("feed", {"xmlns": ATOM, "xml:lang": lang})

    def add(parent, tag: str, value: str | None = None, **attrs) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, tag, attrs)
        if value is not None:
            element.text = value
        return element

    newest = found[0].date.isoformat() if found else (quiet_date or "1970-01-01")
    add(feed, "id", f"{site_url}{prefix}{FEED}")
    add(feed, "title", w["feed"].format(site=site_name))
    add(feed, "updated", f"{newest}T00:00:00Z")
    add(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}{prefix}{FEED}")
    add(feed, "link", rel="alternate", type="text/html", href=page)
    author = add(feed, "author")
    add(author, "name", site_name)
    for c in found:
        entry = c
        node = add(feed, "entry")
        add(node, "id", f"{page}#{entry.anchor}")
        add(node, "title", f"{entry.title[lang]} · {w['version'].format(version=c.version)}")
        add(node, "updated", f"{c.date.isoformat()}T00:00:00Z")
        add(node, "link", rel="alternate", type="text/html", href=f"{page}#{entry.anchor}")
        add(node, "summary", f"{c.what[lang]} {w['why']} {c.why[lang]}")
    ElementTree.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="utf-8") + b"\n"


def today_if_unset(epoch: str | None) -> str | None:
    """The day of SOURCE_DATE_EPOCH (a reproducible build's date), for a feed with no entry yet."""
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat() if epoch else None
