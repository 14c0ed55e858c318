"""The real `mkdocs build --strict`, checked page by page in both languages. The numbers a page
shows are checked through the engine alone, in test_engine.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import LANG_ROOTS, ROOT, project_copy, run_mkdocs_build

from insights import DEFAULT_LANGUAGE, LANGUAGES, fmt

pytestmark = pytest.mark.slow  # builds the site (or serves it) itself

MARKER_LEFT = re.compile(r"<!--\s*[a-z]+:\s*[\w.-]*\s*-->")


def pages(site: Path) -> dict[str, set[str]]:
    """Page paths per language, relative to that language's root."""
    roots = {lang: root.lstrip("/") for lang, root in LANG_ROOTS.items()}
    out: dict[str, set[str]] = {lang: set() for lang in roots}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        lang = next((code for code, root in roots.items() if root and rel.startswith(root)), DEFAULT_LANGUAGE)
        rel = rel[len(roots[lang]):]
        if not rel.startswith("embed/"):  # embeddable figures: pages for iframes elsewhere, not pages of the site
            out[lang].add(rel)
    return out


def read(site: Path, lang: str, page: str) -> str:
    return (site / LANG_ROOTS[lang].lstrip("/") / page).read_text(encoding="utf-8")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_both_languages_have_the_same_pages(site):
    found = pages(site)
    assert found["fr"] == found["en"]
    assert {"index.html", "platforms/index.html", "purposes/index.html", "awareness/index.html",
            "methodology/index.html", "data/index.html", "analysis/index.html"} <= found["fr"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_language_and_no_marker_left(site, lang):
    for page in pages(site)[lang]:
        html = read(site, lang, page)
        assert f'<html lang="{lang}"' in html, page
        assert not MARKER_LEFT.search(html), (page, MARKER_LEFT.search(html))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_is_rendered_as_html_with_outputs(site, lang):
    html = read(site, lang, "analysis/index.html")
    assert not html.lstrip().startswith("{")
    assert '"cell_type"' not in html
    assert "jp-OutputArea" in html
    # An output computed by the notebook from data/: the leader ratio 82/17.
    assert "4.823529" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_loads_anything_from_another_host(site, lang):
    for page in pages(site)[lang]:
        for tag, attrs in parse(read(site, lang, page)).tags:
            url = attrs.get("src") if tag in ("script", "img", "iframe") else attrs.get("href") if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "modulepreload") else None
            if url:
                assert not re.match(r"^(https?:)?//", url), (page, tag, url)
    assert "fonts.googleapis" not in read(site, lang, "index.html")


def test_language_switcher_leads_to_the_equivalent_page(site):
    fr = read(site, "fr", "platforms/index.html")
    en = read(site, "en", "platforms/index.html")
    assert re.search(r'href="(\.\./)*en/platforms/"[^>]*hreflang="en"', fr)
    assert re.search(r'href="(\.\./)+platforms/"[^>]*hreflang="fr"', en)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_make_build_keeps_the_previous_site_byte_identical(tmp_path):
    project = project_copy(tmp_path / "project")
    (project / ".venv").symlink_to(ROOT / ".venv")
    # The environments are shared with the repository: -o tells make they are up to date, so it
    # never reinstalls them from the copy (which would point the editable install at it).
    make = ["make", "--no-print-directory", "-o", ".venv/.runtime", "build"]
    first = subprocess.run(make, cwd=project, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    site, generated = snapshot(project / "site"), snapshot(project / ".cache/generated")
    assert "index.html" in site and generated
    csv = project / "data/comptia-2012/purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",148,"))

    second = subprocess.run(make, cwd=project, capture_output=True, text=True, timeout=600)

    assert second.returncode != 0
    assert "data/comptia-2012/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '148')" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(project / "site") == site
    assert snapshot(project / ".cache/generated") == generated
    assert not (project / ".site-new").exists()


FIGURE_ROW = re.compile(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>(?:<span class="range">)?([^<]*)(?:</span>)?</td><td>([^<]*)</td></tr>')


def figures_in(html: str) -> dict[str, str]:
    """figure id → its HTML."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<figure class="insight-figure" id="fig-([\w-]+)">.*?</figure>', html, re.S)}


def all_figures(site: Path, lang: str) -> dict[str, tuple[str, str]]:
    out = {}
    for page in pages(site)[lang]:
        for figure_id, html in figures_in(read(site, lang, page)).items():
            out.setdefault(figure_id, (page, html))
    return out


def test_at_least_six_figures_in_each_language_with_the_same_anchors(site):
    from insights.generate import load_studies

    fr, en = all_figures(site, "fr"), all_figures(site, "en")
    assert set(fr) == set(en) == set(load_studies()[1])
    assert len(fr) >= 6
    for figure_id in fr:
        assert fr[figure_id][0] == en[figure_id][0], "same page in both languages"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_figure_has_caption_accessible_svg_table_and_downloads(site, lang):
    from insights.captions import source_line, takeaway
    from insights.generate import figure_csv, load_studies
    from insights.metrics import wilson_interval

    figures = load_studies()[1]
    for figure_id, (page, html) in all_figures(site, lang).items():
        figure = figures[figure_id]
        survey, title = figure.survey, figure.figure.title[lang]
        caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
        assert f'id="fig-{figure_id}-title">{title}<' in html_unescape(caption)
        if figure.figure.takeaway:
            assert takeaway(figure, lang) in "".join(parse(caption).text)
        assert source_line(figure, lang) in "".join(parse(caption).text)
        if figure.type == "list":
            assert [html_unescape(x) for x in re.findall(r"<li>(.*?)</li>", html)] == list(figure.rows()[f"label_{lang}"])
            continue

        svgs = re.findall(r"<svg [^>]*>.*?</svg>", html, re.S)
        assert len(svgs) == (2 if figure.drawn() else 0)  # wide and narrow
        first = figure.rows().iloc[0]
        if figure.type == "cards":
            assert html.count('<span class="card-number">') == len(figure.rows())
            assert f'<span class="card-number">{fmt.percent(first["share"], lang)}</span>' in html
        for svg in svgs:
            head = svg[: svg.index(">")]
            assert 'role="img"' in head and f'aria-labelledby="fig-{figure_id}-title"' in head
            # The static chart's own labels carry the page's number format.
            assert f">{fmt.percent(first['share'], lang)}<" in svg

        rows = FIGURE_ROW.findall(html)
        expected = figure.rows()
        assert len(rows) == len(expected) > 0
        for (label, share, ci, n), r in zip(rows, expected.itertuples()):
            source = survey.tables[next(t for t in figure.figure.tables() if r.id in set(survey.tables[t].frame["id"]))].frame
            raw = source[source["id"] == r.id].iloc[0]  # the CSV row itself
            assert html_unescape(label) == raw[f"label_{lang}"]
            assert share == fmt.percent(raw["share_pct"] / 100, lang)
            base_n = survey.n(raw["base"])
            if base_n:
                assert ci == fmt.interval(*wilson_interval(raw["share_pct"] / 100, base_n), lang)
                assert fmt.integer(base_n, lang) in n
            else:
                assert ci == "—"

        links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", download=True)]
        assert len(links) == (3 if figure.drawn() else 1)
        base = site / ("en" if lang == "en" else "") / page.replace("index.html", "")
        files = [(base / link).resolve() for link in links]
        assert all(f.is_file() and f.stat().st_size > 0 for f in files), links
        csv_file = next(f for f in files if f.suffix == ".csv")
        assert csv_file.read_bytes() == figure_csv(figure)
        if figure.drawn():
            assert next(f for f in files if f.suffix == ".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            svg_text = "".join(parse(next(f for f in files if f.suffix == ".svg").read_text()).text)
            assert title in svg_text


def _site_url() -> str:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["site_url"]


def test_every_internal_link_and_anchor_resolves(site):
    """Every href/src in every page, both languages: the file exists, and so does the #anchor."""
    from urllib.parse import urljoin, urlparse

    site_url = _site_url()
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(re.findall(r'\s(?:id|name)="([^"]+)"', path.read_text(encoding="utf-8")))
        return ids[path]

    checked, broken = 0, []
    for page in site.rglob("*.html"):
        url = "http://site/" + page.relative_to(site).as_posix()
        for tag, attrs in parse(page.read_text(encoding="utf-8")).tags:
            target = attrs.get("href") or attrs.get("src")
            if not target or tag not in ("a", "link", "script", "img") or target.startswith(("mailto:", "data:")):
                continue
            if target.startswith(site_url):
                target = "/" + target[len(site_url):]
            absolute = urlparse(urljoin(url, target))
            if absolute.netloc != "site":
                continue  # a link out (the theme's credit): not loaded, not ours to check
            path = site / absolute.path.lstrip("/")
            if absolute.path.endswith("/"):
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {target}")
            elif absolute.fragment and path.suffix == ".html" and absolute.fragment not in anchors(path):
                broken.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    assert broken == []
    assert checked > 500


def test_sitemap_lists_both_languages_with_absolute_alternates(site):
    import xml.etree.ElementTree as ET

    site_url = _site_url()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed, entries = set(), ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
    for entry in entries:
        loc = entry.find("s:loc", ns).text
        alternates = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", ns)}
        assert set(alternates) == {"fr", "en"}, loc
        for href in (loc, *alternates.values()):
            assert href.startswith(site_url), href  # absolute
            path = site / href[len(site_url):] / "index.html"
            assert path.is_file(), href
            listed.add(href[len(site_url):])
        assert alternates["en"][len(site_url):] == "en/" + alternates["fr"][len(site_url):]
    built = {f"{p}" for p in pages(site)["fr"]} | {f"en/{p}" for p in pages(site)["en"]}
    assert {p.replace("index.html", "") for p in built} == listed
    assert (site / "en" / "sitemap.xml").read_bytes() == (site / "sitemap.xml").read_bytes()


def test_no_page_has_the_theme_per_page_alternates_that_404(site):
    for lang in LANGUAGES:
        for page in pages(site)[lang]:
            head = read(site, lang, page).split("</head>")[0]
            assert not re.search(r'<link rel="alternate" href="[^"]*" hreflang=', head), page


def test_two_builds_of_one_commit_in_two_folders_are_byte_identical(tmp_path):
    """Reproducible: same commit, different folders, file times and time zones → the same site/."""
    sites = []
    for name, age in (("first", 0), ("second", 400 * 86400)):
        project = project_copy(tmp_path / name / "project")
        for path in project.rglob("*"):  # the second copy's files look 400 days older
            if not path.is_symlink():
                os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
        (project / ".venv").symlink_to(ROOT / ".venv")
        env = {**os.environ, "GIT_AUTHOR_DATE": "2012-03-20T00:00:00Z", "GIT_COMMITTER_DATE": "2012-03-20T00:00:00Z",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@t.invalid"}
        env.pop("SOURCE_DATE_EPOCH", None)
        env["TZ"] = "UTC" if age == 0 else "Pacific/Kiritimati"  # local time 14 hours apart
        for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "same"]):
            subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
        build = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.runtime", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, build.stderr[-2000:]
        sites.append(snapshot(project / "site"))
        leaked = [p for p, content in sites[-1].items() if str(tmp_path).encode() in content or str(ROOT).encode() in content]
        assert leaked == [], "absolute paths in the site"
    assert sites[0].keys() == sites[1].keys()
    assert [p for p in sites[0] if sites[0][p] != sites[1][p]] == []
    assert b"2012-03-20" in sites[0]["sitemap.xml"]


def test_the_notebook_is_recomputed_when_the_data_changes(tmp_path):
    """Executed notebooks are cached, keyed on data/ and scripts/: a changed CSV must show."""
    project = project_copy(tmp_path / "project")
    runs = []
    for share in ("48", "47"):
        csv = project / "data/comptia-2012/purposes.csv"
        csv.write_text(re.sub(r",(48|47),adopters", f",{share},adopters", csv.read_text(), count=1))
        result = run_mkdocs_build(tmp_path / "site", project / "mkdocs.yml")
        assert result.returncode == 0, result.stderr[-2000:]
        runs.append(re.search(r"Notebooks: (\d+) executed, (\d+) from cache", result.stderr).groups())
        html = (tmp_path / "site" / "en" / "analysis" / "index.html").read_text(encoding="utf-8")
        assert f">{share}%<" in html  # purposes.consumers in the notebook's table of values
        assert f">{48 if share == '47' else 47}%<" not in html
    assert runs == [("0", "2"), ("2", "0")], "the build says which notebooks it executed"


class ProseText(HTMLParser):
    """The visible prose of a page's article: no code, script, style or SVG (nor a notebook's
    hidden copy of a cell's code, a div that its copy button reads)."""

    SKIP = {"code", "pre", "script", "style", "svg", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth, self.inside, self.text, self.copy = 0, False, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside = True
        if tag in self.SKIP:
            self.depth += 1
        if tag == "div" and (self.copy or "clipboard-copy-txt" in (dict(attrs).get("class") or "")):
            self.copy += 1
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1
        if tag == "div" and self.copy:
            self.copy -= 1
            self.depth -= 1
        if tag == "article":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.depth == 0:
            self.text.append(data)


def test_french_prose_keeps_its_spaces_before_high_punctuation(site):
    """GLOSSARY.md: a no-break space before ':' and a narrow one before ';', '!', '?', '%' and
    inside guillemets, so that a line never starts with the sign (seen at 360 px and 1280 px)."""
    bad = []
    for page in pages(site)["fr"]:
        parser = ProseText()
        parser.feed(read(site, "fr", page))
        text = "".join(parser.text)
        bad += [f"{page}: …{m.group(0)}…" for m in re.finditer(r".{0,20}(?: [:;!?»%]|« ).{0,5}", text)]
    assert bad == []


def test_notebook_pages_are_byte_identical_whichever_notebook_is_ready_first(tmp_path):
    """Three fresh builds of one commit: both notebooks executed in the build, the English one
    already executed (the French one finishes last), the French one already executed. Every file of
    the three sites is the same, notebook pages included."""
    sites, executed = [], None
    for name, keep in (("both", None), ("english-first", "en-"), ("french-first", "fr-")):
        project = project_copy(tmp_path / name / "project")
        shutil.rmtree(project / ".cache" / "store" / "notebooks", ignore_errors=True)
        if keep:  # one language's executed notebook from the first build, the other to execute
            for folder in executed.glob(f"{keep}*"):
                shutil.copytree(folder, project / ".cache" / "store" / "notebooks" / folder.name)
        result = run_mkdocs_build(tmp_path / name / "site", project / "mkdocs.yml")
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Notebooks: " + ("2 executed, 0 from cache" if not keep else "1 executed, 1 from cache") in result.stderr
        if executed is None:
            executed = project / ".cache" / "store" / "notebooks"
        sites.append(snapshot(tmp_path / name / "site"))
    for other in sites[1:]:
        assert other.keys() == sites[0].keys()
        assert [p for p in sites[0] if sites[0][p] != other[p]] == []
