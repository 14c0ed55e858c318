"""Numbers and pages through the engine alone, without MkDocs: data/ → site.Context (generate) →
each page of docs/ filled for its language (markers.render_page) → its text, as Python-Markdown
with mkdocs.yml's extensions makes it. The built site's own checks are in test_build.py."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from insights import DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES, fmt
from conftest import SEED
from insights.languages import language
from insights.markers import Page, file_name, render_page
from insights.theme import language_prefix

MARKER_LEFT = re.compile(r"<!--\s*[a-z]+:\s*[\w.-]*\s*-->")
PAGES = sorted({p.name.split(".")[0] for p in DOCS_DIR.glob("*.md")})


def extensions() -> list:
    """mkdocs.yml's Markdown extensions, by name (their options do not change the text)."""
    config = yaml.load((DOCS_DIR.parent / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


def source(lang: str, name: str) -> Path:
    return DOCS_DIR / (f"{name}.md" if lang == DEFAULT_LANGUAGE else f"{name}.{lang}.md")


def filled(engine, lang: str, name: str) -> str:
    """The page's Markdown with its markers filled, as the build hands it to MkDocs."""
    src = source(lang, name)
    url = language_prefix(lang, DEFAULT_LANGUAGE) + ("" if name == "index" else f"{name}/")
    return render_page(src.read_text(encoding="utf-8"), Page(lang, src.name, url, engine))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text(engine, lang: str, name: str) -> str:
    parser = _Text()
    parser.feed(markdown.markdown(filled(engine, lang, name), extensions=extensions()))
    return " ".join(parser.parts)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_fills_every_marker(engine, lang, name):
    out = filled(engine, lang, name)
    assert not MARKER_LEFT.search(out), MARKER_LEFT.search(out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_seed_figure_is_on_its_page_in_the_locale_format(engine, lang):
    survey = engine.surveys[SEED]
    where = {"external_platforms": "platforms", "internal_platforms": "platforms", "purposes": "purposes",
             "awareness": "awareness"}
    for table, page in where.items():
        shown = text(engine, lang, page)
        for row in survey.tables[table].frame.itertuples():
            share = fmt.percent(row.share_pct / 100, lang)
            assert share in shown, (page, row.id, share)
            if table != "awareness":
                assert getattr(row, f"label_{lang}") in shown, (page, row.id)
    awareness = text(engine, lang, "awareness")
    for label in survey.tables["barriers"].frame[f"label_{lang}"]:
        assert label in awareness
    methodology = text(engine, lang, "methodology")
    assert fmt.integer(survey.n("adopters"), lang) in methodology
    assert "CompTIA" in methodology and language(lang).typeset("L'Atelier BNP Paribas") in methodology


def test_french_and_english_number_formats_do_not_leak(engine):
    fr, en = text(engine, "fr", "platforms"), text(engine, "en", "platforms")
    assert "82\u202f%" in fr and "82%" not in fr and "76,7\u202f%" in fr
    assert "82%" in en and "82\u202f%" not in en and "76.7%" in en


def test_a_changed_share_reaches_its_page_through_the_engine(tmp_path, data):
    """The flow a maintainer relies on, end to end but without MkDocs: a share edited in data/
    is the share the page shows, in each language's format."""
    from insights.generate import generate

    csv = data / "external_platforms.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("facebook,Facebook,Facebook,82,", "facebook,Facebook,Facebook,79,"),
                   encoding="utf-8")
    ctx = generate(data_dir=data.parent, out_dir=tmp_path / "generated", cache_dir=tmp_path / "store")
    for lang in LANGUAGES:
        shown = text(ctx, lang, "platforms")
        assert fmt.percent(0.79, lang) in shown and fmt.percent(0.82, lang) not in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_page_offers_every_study(engine, lang):
    shown = filled(engine, lang, "data")
    for study in engine.surveys:
        assert shown.count(f"[{file_name(f'{study}.zip')}]") == 1, study  # listed once: by its own marker or by others


def test_a_new_study_is_on_the_data_page_with_no_edit_to_it(tmp_path):
    """make new-study, then the data page: the study is there, under its title, in every language."""
    from insights.generate import load_studies
    from insights.scaffold import scaffold
    from insights.site import Context

    shutil.copytree(DOCS_DIR.parent / "data", tmp_path / "data")
    shutil.copy(DOCS_DIR.parent / "mkdocs.yml", tmp_path)
    (tmp_path / "docs").mkdir()
    scaffold("acme-2026", tmp_path)
    surveys, figures = load_studies(tmp_path / "data")
    ctx = Context(surveys=surveys, figures=figures, values={}, rendered={})
    for lang in LANGUAGES:
        shown = filled(ctx, lang, "data")
        assert "acme-2026.zip" in shown
        assert f"### {surveys['acme-2026'].study.title[lang]}" in shown


@pytest.mark.parametrize("statement, said", [
    ("design_effect: 1.3", {"en": "with the design effect of 1.30 the source gives for its weighting",
                            "fr": "avec l'effet de plan de 1,30 que la source donne pour sa pondération"}),
    ("margin_of_error: 7.5", {"en": "as the source states", "fr": "selon la source"}),
])
def test_the_source_margin_of_error_is_shown_and_used(data, statement, said):
    """A base that declares the source's design effect (or margin of error): the disclosure table
    says so and how the site used it, and the intervals on the page use the effective sample."""
    from insights import metrics
    from insights.generate import load_studies
    from insights.site import Context
    from insights.values import build_values

    study = data / "study.yml"
    study.write_text(study.read_text(encoding="utf-8").replace("  adopters:\n    n: 241\n", f"  adopters:\n    n: 241\n    {statement}\n"),
                     encoding="utf-8")
    surveys, figures = load_studies(data.parent)
    survey = surveys[SEED]
    ctx = Context(surveys=surveys, figures=figures, values=build_values(survey), rendered={})
    n_eff = survey.bases["adopters"]["effective_n"]
    assert n_eff == (241 / 1.3 if "design" in statement else metrics.effective_n(241, source_moe=7.5))
    moe = 100 * metrics.margin_of_error(n_eff)
    facebook = metrics.wilson_interval(0.82, n_eff)
    for lang in LANGUAGES:
        shown = text(ctx, lang, "methodology")
        assert language(lang).typeset(said[lang]) in shown
        assert fmt.points(moe, lang, 1) in shown
    assert ctx.values[f"{SEED}.external_platforms.facebook.ci"].number == facebook
    assert ctx.values[f"{SEED}.moe.adopters"].number == moe


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_an_interval_after_a_preposition_is_written_from_to(engine, lang, name):
    """'va de 76,7 %–86,3 %' is wrong: after 'de' or 'from', a sentence names both ends
    ('de 76,7 % à 86,3 %'); the dash is kept where no preposition is used."""
    dashed = re.compile(r"\b(?:de|from|between|entre) \d[\d.,\u202f\u00a0]*\s?%?–\d")
    shown = text(engine, lang, name)
    assert not dashed.search(shown), dashed.search(shown)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_named_interval_end_reads_as_from_to(engine, lang):
    interval = engine.values[f"{SEED}.external_platforms.facebook.ci"]
    low, high = (fmt.percent(x, lang, 1) for x in interval.number)
    words = {"fr": f"de {low} à {high}", "en": f"from {low} to {high}"}[lang]
    assert words in text(engine, lang, "platforms")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_chart_that_draws_intervals_says_what_the_line_is(engine, lang):
    from insights.captions import source_line
    from insights.strings import catalogue

    key = catalogue(lang)["interval_key"]
    for sf in engine.figures.values():
        line = source_line(sf, lang)
        drawn = sf.drawn() and sf.type != "stacked" and sf.figure.intervals and sf.rows()["ci_low"].notna().any()
        expected = key["band" if sf.type == "trend" else "line"]
        assert line.endswith(expected) == bool(drawn), (sf.id, line)
    assert key["line"] in text(engine, lang, "platforms")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_base_is_named_once_in_the_disclosure(engine, lang):
    """Not "Entreprises : entreprises (…) (effectif inconnu)": a base whose description starts with
    its label is said once, and its n in one parenthesis."""
    for study, survey in engine.surveys.items():
        shown = render_page(f"<!-- study: {study} -->", Page(lang, "context.md", "context/", engine))
        for base in survey.bases.values():
            label = base["label"][lang]
            said = re.escape(label) + r"\s*[:\u202f\u00a0]*\s*" + re.escape(label)
            assert not re.search(said, shown, re.I), (study, label)
        assert not re.search(r"\)\s*\((?:effectif inconnu|base unknown)\)", shown), study
