"""The report PDF (make report): printed by Chromium from the built site, per study and language;
its pages hold each figure's caption, its contents link to their sections, it is tagged with its
fonts embedded, the same inputs give the same bytes; and pages link it only once it is printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, run_mkdocs_build

pytestmark = pytest.mark.slow  # prints with Chromium, from a whole build

STUDY = "comptia-2012"
LANGS = ("fr", "en")
PAGE = {"fr": "Page {page} sur {pages}", "en": "Page {page} of {pages}"}


def print_reports(site, folder) -> subprocess.CompletedProcess:
    """The command make report runs after its first build."""
    return subprocess.run([sys.executable, "-m", "insights.report", str(site), "--study", STUDY], cwd=ROOT,
                          env={**os.environ, "INSIGHTS_REPORTS": str(folder), "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def reports(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    result = print_reports(site, folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


@pytest.fixture(scope="module")
def context():
    from insights.generate import generate

    return generate()  # the inputs of the build the site fixture made: its cached result


def squeeze(text: str) -> str:
    """Text as extracted from a PDF and as written, compared without spaces or line breaks."""
    return re.sub(r"[\s\u00a0\u202f\u00ad-]+", "", text).replace("'", "’")


def pages_text(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_report_under_1_5_mb_with_a4_pages_numbered(reports, lang):
    from pypdf import PdfReader

    pdf = reports / f"{STUDY}-{lang}.pdf"
    assert 100_000 < pdf.stat().st_size < 1_500_000
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 10
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    texts = pages_text(pdf)
    for number, text in enumerate(texts, 1):  # the running foot, in the report's language
        assert squeeze(PAGE[lang].format(page=number, pages=len(texts))) in squeeze(text), number


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_holds_each_figures_caption_once_and_whole_on_one_page(reports, context, lang):
    texts = [squeeze(text) for text in pages_text(reports / f"{STUDY}-{lang}.pdf")]
    survey = context.surveys[STUDY]
    for fid in survey.figures:
        rendered = context.rendered[(fid, lang)]
        title = squeeze(rendered.title)
        on = [i for i, text in enumerate(texts) if title in text]
        assert on, f"figure {fid}: its title is in no page"
        if rendered.takeaway:
            assert any(squeeze(rendered.takeaway) in texts[i] for i in on), fid
        frame = context.figures[fid].rows()
        if "share" in frame:  # its data table's last row ends on the caption's page: not split
            assert any(squeeze(frame[f"label_{lang}"].iloc[-1]) in texts[i] for i in on), fid


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_and_outline_lead_to_their_sections(reports, lang):
    from pypdf import PdfReader

    reader = PdfReader(reports / f"{STUDY}-{lang}.pdf")
    texts = [squeeze(page.extract_text() or "") for page in reader.pages]
    contents = reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) >= 9  # key numbers, the study's 5 pages, questionnaire, disclosure, sources, cite
    destinations = reader.named_destinations
    words = {"fr": ("Chiffresclés", "Questionnaireetrésultats", "Fichetechnique", "Citercerapport"),
             "en": ("Keynumbers", "Questionnaireandresults", "Aboutthesurvey", "Citethisreport")}[lang]
    landed = []
    for link in links:
        name = str(link["/Dest"])
        assert name in destinations, name
        page = reader.get_destination_page_number(destinations[name])
        assert page > 1, name  # past the cover and the contents
        landed.append(texts[page])
    for word in words:  # each fixed section's link lands on the page that begins it
        assert any(text.startswith(word) or word in text[:200] for text in landed), word
    assert [page for page in (reader.get_destination_page_number(destinations[str(link["/Dest"])]) for link in links)] == sorted(
        reader.get_destination_page_number(destinations[str(link["/Dest"])]) for link in links)  # in reading order
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"fr": "Fiche technique", "en": "About the survey"}[lang] in titles


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_is_tagged_in_its_language_with_every_font_embedded(reports, lang):
    from pypdf import PdfReader

    reader = PdfReader(reports / f"{STUDY}-{lang}.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == lang
    fonts = 0
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get("/FontDescriptor")
            assert descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts += 1
    assert fonts


@pytest.mark.parametrize("day, printed", [("2026-11-29", "20261129"), ("2013-05", "20130501"), ("2012", "20120101"),
                                         (None, "19700101")])
def test_the_report_is_dated_from_its_data_in_the_pdf_date_form(day, printed, monkeypatch):
    from insights.report import print_day, settle

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert print_day(day) == printed
    chromium = b"<< /Creator (Chromium) /CreationDate (D:20261203052333+00'00') /ModDate (D:20261203052333+00'00') >>"
    settled = settle(chromium, print_day(day))
    assert settled == chromium.replace(b"20261203052333", printed.encode() + b"000000")
    assert len(settled) == len(chromium)  # no offset of the file moves


def test_the_same_inputs_give_the_same_bytes(site, reports, tmp_path):
    again = print_reports(site, tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    for lang in LANGS:
        assert (tmp_path / f"{STUDY}-{lang}.pdf").read_bytes() == (reports / f"{STUDY}-{lang}.pdf").read_bytes()


def test_pages_link_the_report_only_once_it_is_printed(site, reports, tmp_path):
    from insights.fmt import size

    assert not list(site.rglob("*.pdf"))  # the site fixture's build had none: no page links one
    assert not any("report-link" in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))
    built = run_mkdocs_build(tmp_path / "site", env={"INSIGHTS_REPORTS": str(reports)})
    assert built.returncode == 0, built.stderr[-3000:]
    studies = len(list((ROOT / "data").glob("*/study.yml")))
    # The reports of the other studies were not printed: the build says so in one line, and how.
    skipped = [line for line in built.stderr.splitlines() if "Report PDF:" in line]
    assert len(skipped) == 1 and f"2 of {2 * studies}" in skipped[0] and "make report" in skipped[0]
    for lang, prefix, words in (("fr", "", "Télécharger le rapport (PDF,"), ("en", "en/", "Download the report (PDF,")):
        pdf = tmp_path / "site" / "generated" / "reports" / f"{STUDY}-{lang}.pdf"
        assert pdf.read_bytes() == (reports / f"{STUDY}-{lang}.pdf").read_bytes()
        for page in ("methodology/", "data/", ""):
            html = (tmp_path / "site" / prefix / page / "index.html").read_text(encoding="utf-8")
            link = re.search(r'<p class="report-link"><a href="([^"]+)" download[^>]*>([^<]+)</a></p>', html)
            assert link, (lang, page)
            assert link.group(1).endswith(f"generated/reports/{STUDY}-{lang}.pdf")
            assert (tmp_path / "site" / prefix / page / link.group(1)).resolve() == pdf.resolve()
            assert link.group(2) == f"{words} {size(pdf.stat().st_size, lang)})"
