"""How to cite a figure or a study of the site, in the page's language: plain text, BibTeX and
CSL-JSON, from the study's declaration (its producer, year and sources) and the page's address."""

from __future__ import annotations

import json
import re

from insights import fmt
from insights.captions import source_name
from insights.languages import language
from insights.strings import catalogue

BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def year(survey) -> int | None:
    """The study's year: its publication, else its fieldwork, else its first dated source."""
    d = survey.study.disclosure
    candidates = [d.published, d.fielded.end if d.fielded else None,
                  *(s.published for s in survey.study.sources.values())]
    for value in candidates:
        if value is not None:
            return value if isinstance(value, int) else int(str(value)[:4])
    return None


def author(survey) -> str:
    d = survey.study.disclosure
    return d.producer or d.publisher or survey.study.title.en


def references(survey, title: str, url: str, site_name: str, lang: str, key: str) -> dict[str, str]:
    """The three forms of one reference: 'text', 'bibtex', 'csl' (CSL-JSON)."""
    w, when, words = catalogue(lang)["cite"], year(survey), language(lang)
    source = source_name(survey, list(survey.tables), lang)
    last = survey.version  # the data's version (changes.yml), named with its date
    version = f", {w['version'].format(version=last.version, date=fmt.day(last.date, lang))}" if last else ""
    text = f"{author(survey)} ({when or w['undated']}). {title}. {w['in']}{words.colon} {site_name}, {w['after']} {source}{version}. {url}"

    def bib(value: str) -> str:
        return BIBTEX_SPECIAL.sub(r"\\\1", value)

    fields = [("author", f"{{{bib(author(survey))}}}"), ("title", f"{{{bib(title)}}}"),
              *([("year", str(when))] if when else []), ("howpublished", bib(site_name)),
              ("note", bib(f"{w['after'].capitalize()} {source}")), *([("version", bib(last.version))] if last else []),
              ("url", url),
              ("language", words.bibtex)]
    bibtex = f"@misc{{{key},\n" + ",\n".join(f"  {name} = {{{value}}}" for name, value in fields) + "\n}"
    csl = [{
        "id": key, "type": "dataset", "title": title, "author": [{"literal": author(survey)}],
        **({"issued": {"date-parts": [[when]]}} if when else {}),
        "container-title": site_name, "URL": url, "note": f"{w['after'].capitalize()} {source}",
        **({"version": last.version} if last else {}),
        "language": words.csl,
    }]
    return {"text": text, "bibtex": bibtex, "csl": json.dumps(csl, ensure_ascii=False)}
