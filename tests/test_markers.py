"""Page markers: every kind renders, unknown ones fail with page line and a hint, and text from
data/ is inert wherever it lands: HTML, Markdown, SVG and CSV."""

from __future__ import annotations

import json

import csv
import io
from html.parser import HTMLParser

import markdown
import pytest

from conftest import SEED_DIR
from insights.cache import Store
from insights.data import load_survey
from insights.figures import StudyFigure
from insights.generate import Context, Converter, figure_csv, render
from insights.site import with_drawings
from insights.markers import RENDERERS, MarkerError, Page, render_page
from insights.values import build_values

EVIL = "<script>alert(1)</script> *em* [link](javascript:alert(2)) `code` {: .big} | =cmd"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def context(survey, tmp_path) -> Context:
    figures = {fid: StudyFigure(fid, survey, figure) for fid, figure in survey.figures.items()}
    _, rendered = render(figures, Converter(Store("charts", tmp_path)))
    return Context(surveys={survey.id: survey}, figures=figures, values=build_values(survey), rendered=rendered)


@pytest.fixture(scope="module")
def real(engine) -> Context:
    return engine


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> Context:
    """The real survey with hostile text in every field a page shows (validation would refuse
    it; this checks the second line of defence)."""
    survey = load_survey(SEED_DIR)
    for name in ("purposes", "barriers"):
        survey.tables[name].frame.loc[0, ["label_fr", "label_en"]] = EVIL
        survey.tables[name].meta["title"] = {"fr": EVIL, "en": EVIL}
        survey.tables[name].meta["question"] = {"fr": EVIL, "en": EVIL}
        survey.tables[name].meta["notes"] = [{"fr": EVIL, "en": EVIL}]
    survey.sources["study"]["citation"] = {"fr": EVIL, "en": EVIL}
    return context(survey, tmp_path_factory.mktemp("evil"))


def page(ctx, lang="fr", src="purposes.md", url="purposes/") -> Page:
    return Page(lang, src, url, ctx)


class Parsed(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.attrs, self.text, self.tips = [], [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        # A mark's tooltip is data, read by JSON.parse and shown as text (charts.js): checked apart.
        self.tips.extend(json.loads(v) for k, v in attrs if k == "data-tip")
        self.attrs.extend(f"{k}={v}" for k, v in attrs if k != "data-tip")

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("marker", ["figure: purposes", "list: comptia-2012.barriers", "provenance: comptia-2012.purposes",
                                    "citation: comptia-2012.study", "downloads: comptia-2012", "study: comptia-2012",
                                    "topline: comptia-2012"])
def test_text_from_data_shows_as_text_never_as_markup(evil, marker):
    # Run through Markdown as MkDocs does, then the charts' SVG goes in as the build puts it: the
    # hostile label is visible, and nothing it says happens.
    html = with_drawings(markdown.markdown(render_page(f"Intro\n\n<!-- {marker} -->\n", page(evil)), extensions=EXTENSIONS),
                         evil)
    parsed = Parsed(html)
    assert "script" not in parsed.tags
    assert not any("javascript:" in a or a == "class=big" for a in parsed.attrs)
    # The whole hostile string reads back verbatim: no asterisk, bracket or backtick was consumed.
    assert EVIL in "".join(parsed.text)
    if marker.startswith("figure"):
        assert [EVIL] == [value for tip in parsed.tips for name, value in tip if value == EVIL][:1]


def test_labels_are_text_inside_the_static_svg(evil):
    svg = evil.rendered[("purposes", "en")].svgs["wide"]
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


def test_csv_downloads_make_formulas_inert(evil):
    sf = evil.figures["purposes"]
    sf.survey.tables["purposes"].frame.loc[0, "label_en"] = "=HYPERLINK(\"http://x.invalid\")"
    fresh = StudyFigure(sf.id, sf.survey, sf.figure)  # a figure computes its rows once
    rows = list(csv.DictReader(io.StringIO(figure_csv(fresh).decode())))
    assert all(not r["label_en"].startswith(("=", "+", "-", "@")) for r in rows)
    assert any(r["label_en"] == "'=HYPERLINK(\"http://x.invalid\")" for r in rows)


@pytest.mark.parametrize("lang, expected", [("fr", "82\u202f%"), ("en", "82%")])
def test_value_marker_is_formatted_for_the_page_language(real, lang, expected):
    assert render_page("Facebook: <!-- value: comptia-2012.external_platforms.facebook -->.", page(real, lang)) == f"Facebook: {expected}."


@pytest.mark.parametrize("source, message", [
    ("a\n\n<!-- figure: platform -->", "line 3: marker figure: unknown figure 'platform'. Fix: did you mean 'platforms'?"),
    ("<!-- value: comptia-2012.n.adopter -->",
     "line 1: marker value: unknown value 'comptia-2012.n.adopter'. Fix: did you mean 'comptia-2012.n.adopters'?"),
    ("\n<!-- chart: platforms -->", "line 2: unknown marker kind 'chart'. Fix: use one of: " + ", ".join(RENDERERS)),
])
def test_an_unknown_marker_names_its_line_and_a_fix(real, source, message):
    with pytest.raises(MarkerError) as info:
        render_page(source, page(real))
    assert f"line {info.value.line}: {info.value}" == message


def test_an_ordinary_html_comment_is_left_alone(real):
    source = "<!-- a note for authors, not a marker -->\n"
    assert render_page(source, page(real)) == source


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_topline_gives_every_table_of_every_study_its_question_base_and_answers(real, lang):
    html = markdown.markdown(render_page("<!-- topline: all -->\n", page(real, lang, f"questionnaire.{lang}.md",
                                                                           "questionnaire/")), extensions=EXTENSIONS)
    from insights.captions import n_text
    from insights.fmt import percent
    from insights.markers import published, question, topline_anchor

    import re

    sections = re.sub(r">\s+<", "><", html).split('<section class="topline">')[1:]
    expected = [(s, t) for s in sorted(real.surveys.values(), key=published) for t in s.tables.values()]
    assert len(sections) == len(expected) > 8
    for section, (survey, table) in zip(sections, expected):  # in order: by study, then the study's tables
        assert f'id="{topline_anchor(survey.id, table.name)}"' in section
        assert question(survey, table.meta, lang).replace("'", "’")[:40] in section.replace("&#39;", "’").replace("'", "’")
        frame = table.frame
        for base in dict.fromkeys(frame.get("base", [])):  # who was asked: each base, with its n or "unknown"
            assert n_text(survey, base, lang) in section, (table.name, base)
        rows = section.split('<tr><th scope="row">')[1:]
        assert len(rows) == len(frame)
        if "share_pct" in frame:  # each answer's share, in the file's order
            assert [row.rsplit("<td>", 1)[1].split("</td>")[0] for row in rows] == [
                percent(v / 100, lang) for v in frame["share_pct"]]
        if table.meta.get("several_answers"):
            assert "100" in section  # the note that shares do not add up to 100


def test_a_question_the_source_reports_says_the_original_wording_is_not_known(real):
    from insights.markers import question

    survey = real.surveys["comptia-2012"]
    assert question(survey, survey.tables["purposes"].meta, "en").endswith(
        "(as reported by L'Atelier BNP Paribas; the original wording is not known)")
    own = {**survey.tables["purposes"].meta}
    own.pop("reported_by")
    assert question(survey, own, "fr") == own["question"]["fr"]


@pytest.mark.parametrize("lang, url, root", [("fr", "platforms/", "../"), ("en", "en/platforms/", "../../en/")])
def test_each_figure_caption_links_its_question(real, lang, url, root):
    html = render_page("<!-- figure: platforms -->\n", page(real, lang, f"platforms.{lang}.md", url))
    link = 'class="figure-question" href="' + root + 'questionnaire/#q-comptia-2012-external-platforms">'
    assert link in html
    assert ("Question et base" if lang == "fr" else "Question and base") in html.split(link)[1][:40]
