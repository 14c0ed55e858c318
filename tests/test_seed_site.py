"""The seed study's site, as a reader reads it: the text of every page's article in both
languages, numbers included, compared with tests/golden/seed-site/. It holds still while the
code under it changes (studies moved into data/<study>/, and later declared as data).

After an intended change of words or numbers, rewrite the golden files and review the diff:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_seed_site.py
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import LANG_ROOTS

GOLDEN = Path(__file__).parent / "golden" / "seed-site"
# The seed site's pages: those with a golden file (<lang>-<page>.txt), not every page of docs/, so that
# a study added later (make new-study) needs none. The notebook shows code, which may change: not here.
PAGES = sorted(tuple(f.stem.split("-", 1)) for f in GOLDEN.glob("*.txt"))  # (language, page)
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)


def seed_studies(article: str, golden: str) -> str:
    """The data page lists every study of data/ (<!-- downloads: others -->), the questionnaire each
    study's questions (<!-- topline: all -->): a study added since the golden file was written (whose
    zip, or whose title, it does not name) is left out of the comparison."""
    def unknown_study(part: str) -> bool:
        if part.startswith('<h2 id="q-'):  # a study's questions, under its title
            title = " ".join(unescape(re.sub(r"<[^>]+>", " ", part.split("</h2>", 1)[0])).split()).rstrip(" ¶")
            return f"\n{title} ¶\n" not in f"\n{golden}"  # the golden file's line, whole
        zip_link = re.search(r"generated/data/([\w-]+\.zip)", part)
        return part.startswith("<h3") and zip_link is not None and zip_link.group(1) not in golden

    studies = re.split(r"(?=<h2[ >])", article)
    kept = "".join(part for part in studies if not unknown_study(part))
    return "".join(part for part in re.split(r"(?=<h[23][ >])", kept) if not unknown_study(part))


def article_text(html: str, golden: str | None = None) -> str:
    """What the reader reads, one line per block, without the charts' drawing or any script (nor, with
    the golden text, the studies it does not know)."""
    article = HIDDEN.sub("", ARTICLE.search(html).group(1)).replace("<wbr>", "")  # a line break's chance, not a space
    if golden is not None:
        article = seed_studies(article, golden)
    article = re.sub(r"</(p|li|h[1-6]|tr|figcaption|summary|th|td|span|pre)>", "\n", article)
    lines = (" ".join(unescape(re.sub(r"<[^>]+>", " ", line)).split()) for line in article.splitlines())
    return "\n".join(line for line in lines if line and line != "¶") + "\n"


@pytest.mark.parametrize("lang, page", PAGES)
def test_the_seed_site_reads_as_before(site, lang, page):
    path = "" if page == "home" else f"{page}/"
    html = (site / LANG_ROOTS[lang].strip("/") / path / "index.html").read_text(encoding="utf-8")
    golden = GOLDEN / f"{lang}-{page}.txt"
    text = article_text(html, None if os.environ.get("UPDATE_GOLDEN") else golden.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_golden_files_cover_every_page_of_the_seed_site():
    assert set(PAGES) == {(lang, page) for lang in ("fr", "en") for page in
                          ("home", "platforms", "purposes", "awareness", "context", "methodology", "data", "privacy",
                                           "accessibility", "changes", "questionnaire")}
