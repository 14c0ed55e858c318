"""'Cite this' under each figure and on each study page: plain text, BibTeX and CSL-JSON in the
page's language, pointing to an anchor that exists on that page."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from insights import fmt

from conftest import SEED_DIR
from insights.cite import references
from insights.data import load_survey
from insights.strings import catalogue

FORMS = ("text", "bibtex", "csl")


def test_the_three_forms_agree():
    survey = load_survey(SEED_DIR)
    forms = references(survey, "Why 50% & more_", "https://example.org/p/#fig-x", "Site", "en", "comptia-2012-x")
    version = f", data version {survey.version.version} of {fmt.day(survey.version.date, 'en')}"  # changes.yml
    assert forms["text"] == (f"CompTIA (2012). Why 50% & more_. In: Site, after CompTIA (2012), via L'Atelier BNP Paribas{version}. "
                             "https://example.org/p/#fig-x")
    assert forms["bibtex"].startswith("@misc{comptia-2012-x,\n  author = {{CompTIA}},\n  title = {{Why 50\\% \\& more\\_}},")
    assert "  year = {2012}," in forms["bibtex"] and forms["bibtex"].endswith("\n}")
    (csl,) = json.loads(forms["csl"])
    assert csl["author"] == [{"literal": "CompTIA"}] and csl["issued"] == {"date-parts": [[2012]]}
    assert csl["URL"] == "https://example.org/p/#fig-x" and csl["language"] == "en-US"


def cites(html: str) -> dict[str, dict[str, str]]:
    """Each cite block of a page: its anchor → its three forms, as a reader would copy them."""
    out = {}
    for block in re.findall(r'<details class="figure-cite"[^>]*>.*?</details>', html, re.S):
        codes = dict(re.findall(r'<pre class="copy-source" id="[\w-]+-cite-(text|bibtex|csl)">(.*?)</pre>', block, re.S))
        anchor = re.search(r'<pre class="copy-source" id="([\w-]+)-cite-text">', block).group(1)
        out[anchor] = {form: unescape(code) for form, code in codes.items()}
    return out


@pytest.mark.parametrize("lang, prefix", [("fr", ""), ("en", "en/")])
@pytest.mark.parametrize("page", ["purposes/", "methodology/", "context/"])
def test_each_figure_and_study_offers_its_reference(site, lang, prefix, page):
    html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="insight-figure" id="(fig-[\w-]+)">', html)
    found = cites(html)
    assert set(figures) <= set(found)
    if page != "purposes/":
        assert any(anchor.startswith("cite-") for anchor in found), "no study reference on a study page"
    words = catalogue(lang)["cite"]
    assert html.count(f"<summary>{words['figure']}</summary>") == len(figures)
    for anchor, forms in found.items():
        assert set(forms) == set(FORMS)
        assert f'id="{anchor}"' in html, f"the reference points to #{anchor}, which is not on the page"
        url = json.loads(forms["csl"])[0]["URL"]
        assert url.endswith(f"/{prefix}{page}#{anchor}") and url in forms["text"] and f"url = {{{url}}}" in forms["bibtex"]
        assert json.loads(forms["csl"])[0]["language"] == {"fr": "fr-FR", "en": "en-US"}[lang]


def test_a_reader_copies_the_bibtex_of_a_figure(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(server + "/en/purposes/", wait_until="networkidle")
    page.locator("#fig-purposes details.figure-cite summary").click()
    page.locator('#fig-purposes .figure-copy[data-copy="fig-purposes-cite-bibtex"]').click()
    status = page.locator('#fig-purposes .figure-copy[data-copy="fig-purposes-cite-bibtex"] + .figure-copied')
    status.wait_for(state="visible")
    assert status.inner_text() == catalogue("en")["cite"]["copied"]
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#fig-purposes-cite-bibtex").inner_text()
    assert copied.startswith("@misc{comptia-2012-purposes,")
    context.close()
