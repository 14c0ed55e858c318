"""The report PDF of each study, in each language: `make report` (the Pages workflow runs it).

    python -m insights.report [site]     # after `make build`: prints into .cache/reports/

The report is drawn from the built site, so it says what the pages say: a cover (title, producer,
dates, the site's address, the data's version), a table of contents, the key numbers (each
figure's takeaway), the study's text pages in nav order (each figure with its caption, its vector
chart, source line and data table), the topline, the disclosure table, the sources and "Cite this".
Chromium prints it (Playwright, as the tests use it): A4, running heads and page numbers in the
report's language, tagged, with an outline. A study's text pages are the pages of the nav that name
that study and no other, leaving out file lists (a `downloads:` marker).

Each PDF is kept with the key of the inputs it was drawn from (data/, docs/, the build code). The
next build copies it into the site and links it ("Download the report (PDF, 1.2 MB)") only when
that key is the build's own: pages never link a report that is missing or stale. The same inputs
give the same bytes: the PDF's dates are the data's last version date (settle).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from insights import DATA_DIR, DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES, ROOT
from insights.site import PREFIX, report_path

# <study>-<lang>.pdf and .json (its key and size); the tests' builds look elsewhere (INSIGHTS_REPORTS)
REPORTS = Path(os.environ.get("INSIGHTS_REPORTS") or ROOT / ".cache" / "reports")
MARGIN = {"top": "22mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}


def available(key: str, folder: Path = REPORTS) -> dict[tuple[str, str], int]:
    """(study, lang) → size in bytes, for each report drawn from the inputs `key` names."""
    found = {}
    for record in sorted(folder.glob("*.json")):
        kept = json.loads(record.read_text(encoding="utf-8"))
        pdf = record.with_suffix(".pdf")
        if kept.get("key") == key and pdf.is_file() and pdf.stat().st_size == kept.get("bytes"):
            found[(kept["study"], kept["lang"])] = kept["bytes"]
    return found


def copy_into(site_dir: Path, key: str, folder: Path = REPORTS, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Copy the reports printed from `key` into the site: how many, and how many there would be
    with one per study (a folder of data/ with its study.yml) and language."""
    found = available(key, folder)
    for study, lang in found:
        target = site_dir / report_path(study, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / f"{study}-{lang}.pdf", target)
    return len(found), len(list(data_dir.glob("*/study.yml"))) * len(LANGUAGES)


def read_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    """mkdocs.yml as the build reads it, for its nav, site_url (!ENV SITE_URL, as deployment sets
    it) and each language's site name."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        name, *default = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        return os.environ.get(name) or (default[0] if default else None)

    Loader.add_constructor("!ENV", env)
    config = yaml.load(path.read_text(encoding="utf-8"), Loader)
    config["site_url"] = config["site_url"].rstrip("/") + "/"  # as MkDocs gives it: ending with /
    return config


# -- what a report holds ----------------------------------------------------------------------------

def nav_pages(nav: list) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in its order."""
    found = []
    for entry in nav:
        if isinstance(entry, dict):
            for value in entry.values():
                found += nav_pages(value) if isinstance(value, list) else [value]
        else:
            found.append(entry)
    return [name for name in found if isinstance(name, str) and name.endswith(".md")]


def page_source(name: str, lang: str, docs_dir: Path = DOCS_DIR) -> Path:
    """platforms.md in `lang`: platforms.en.md (docs_structure: suffix), else the default's file."""
    own = docs_dir / (name if lang == DEFAULT_LANGUAGE else name.replace(".md", f".{lang}.md"))
    return own if own.exists() else docs_dir / name


def page_url(name: str, lang: str) -> str:
    from insights.theme import language_prefix

    return language_prefix(lang, DEFAULT_LANGUAGE) + ("" if name == "index.md" else name.removesuffix(".md") + "/")


def shown_elsewhere(study: str, lang: str, ctx, nav: list[str], pages: list[str], seen: list[str]) -> dict[str, list[str]]:
    """The study's figures that its text pages do not show: page URL → the figures' element ids,
    from the first page of the nav that shows each (docs/, every page: a figure may be off the nav)."""
    from insights.markers import MARKER

    wanted = [f"fig-{fid}" for fid in ctx.surveys[study].figures if f"fig-{fid}" not in seen]
    found: dict[str, list[str]] = {}
    for name in nav + sorted(p.name for p in DOCS_DIR.glob("*.md") if p.name.count(".") == 1 and p.name not in nav):
        url = page_url(name, lang)
        for kind, arg in MARKER.findall(page_source(name, lang).read_text(encoding="utf-8")):
            if kind == "figure" and f"fig-{arg}" in wanted and url not in pages:
                found.setdefault(url, []).append(f"fig-{arg}")
                wanted.remove(f"fig-{arg}")
    return found


def text_pages(study: str, nav: list[str], lang: str, ctx) -> list[str]:
    """The URLs of the pages that tell `study`: they name it and no other study, and are not file lists."""
    from insights.markers import named_studies

    pages = []
    for name in nav:
        markdown = page_source(name, lang).read_text(encoding="utf-8")
        if named_studies(markdown, ctx) == [study] and "<!-- downloads:" not in markdown:
            pages.append(page_url(name, lang))
    return pages


@dataclass(frozen=True)
class Site:
    url: str  # site_url, ends with /
    names: dict[str, str]  # language → site name


def markdown_html(markdown: str) -> str:
    import markdown as md

    return md.markdown(markdown, extensions=["tables", "md_in_html", "attr_list"])


def sections(study: str, lang: str, ctx, site: Site) -> dict[str, str]:
    """What the report adds to its pages, as HTML: the cover, the topline, the disclosure table,
    the sources and the citation."""
    from insights import fmt
    from insights.cite import references
    from insights.markers import Page, colon, render_study, render_topline
    from insights.site import text
    from insights.strings import catalogue

    survey, w = ctx.surveys[study], catalogue(lang)["report"]
    page = Page(lang, f"report.{lang}.md", page_url("report.md", lang), ctx, site.url, site.names[lang])
    d = survey.study.disclosure
    title = survey.study.title[lang]
    home = site.url + page_url("index.md", lang)
    said = catalogue(lang)["disclosure"]

    def fact(key: str, value) -> str | None:
        if value is None:
            return None
        return f"{text(colon(said[key], lang))} {text(value[lang] if hasattr(value, lang) else value)}"

    facts = [fact("producer", d.producer),
             fact("fielded", fmt.period(d.fielded.start, d.fielded.end, lang) if d.fielded else None),
             fact("published", fmt.day(d.published, lang) if d.published is not None else None)]
    if survey.version:
        facts.append(text(w["published"].format(version=survey.version.version, date=fmt.day(survey.version.date, lang))))
    cover = (f'<section class="report-cover"><p class="report-site">{text(site.names[lang])}</p>'
             f'<h1 id="report-title">{text(title)}</h1>'
             + "".join(f"<p>{fact}</p>" for fact in facts if fact)
             + f'<p>{text(w["site"])} <a href="{text(home)}">{text(home)}</a></p></section>')
    sources = "".join(f"<li>{text(s['citation'][lang])}{', <' + text(str(s['url'])) + '>' if s['url'] else ''}</li>"
                      for s in survey.sources.values())
    cite = references(survey, title, home, site.names[lang], lang, study)["text"]
    return {
        "cover": cover,
        "questionnaire": markdown_html(render_topline(study, page)),
        "disclosure": markdown_html(render_study(study, page)),
        "sources": f"<ul>{sources}</ul>",
        "cite": f'<p class="report-cite">{text(cite)}</p>',
    }


# What each page gives the report, read in the browser from the built page: its title, its figures'
# takeaways, and its article, without what only works on screen (controls, the narrow drawings,
# the ¶ links, the study's own disclosure and citation, which the report gives once). Ids become
# the page's (p3-…) but a figure's and a question's, which are unique in the site; links to a page
# of the report lead into it; others, to the published site.
EXTRACT = """([index, inReport, siteUrl, origin, seen, only]) => {
  let article = document.querySelector('article.md-content__inner').cloneNode(true);
  if (only) {  // a study's figures shown on a page it shares with others: those figures alone
    const picked = document.createElement('div');
    for (const id of only) picked.append(article.querySelector(`#${id}`));
    article = picked;
  }
  article.querySelectorAll('figure.insight-figure').forEach((f) => { if (seen.includes(f.id)) f.remove(); });
  const drop = '.headerlink, .md-content__button, .chart-narrow, .chart-tooltip, .report-link, .disclosure, '
    + 'details[id^="cite-"], .md-source-file, .md-feedback';
  for (const figure of article.querySelectorAll('figure.insight-figure')) {
    const panel = figure.querySelector('details.figure-data .figure-panel');
    const controls = figure.querySelector('.figure-controls');
    if (panel) { panel.className = 'report-table'; figure.insertBefore(panel, controls); }
    if (controls) controls.remove();
    for (const chart of figure.querySelectorAll('.chart')) { chart.removeAttribute('tabindex'); }
  }
  article.querySelectorAll(drop).forEach((e) => e.remove());
  const own = (id) => id.startsWith('fig-') || id.startsWith('q-');
  for (const e of article.querySelectorAll('[id]')) {
    if (!e.closest('svg') && !own(e.id)) e.id = `p${index}-${e.id}`;
  }
  for (const a of article.querySelectorAll('a[href]')) {
    const target = new URL(a.getAttribute('href'), location.href);
    const page = target.pathname.replace(/index\\.html$/, '');
    const hash = target.hash.slice(1);
    a.removeAttribute('data-print-url');
    if (target.origin === origin && page in inReport) {
      a.setAttribute('href', '#' + (hash ? (own(hash) ? hash : `p${inReport[page]}-${hash}`) : `p${inReport[page]}`));
    } else if (target.origin === origin && hash.startsWith('q-')) {
      a.setAttribute('href', '#' + hash);
    } else if (target.origin === origin) {
      a.setAttribute('href', siteUrl + page.slice(1) + target.hash);
    }
    if (!a.getAttribute('href').startsWith('#')) a.setAttribute('data-print-url', a.getAttribute('href'));
  }
  const h1 = only ? null : article.querySelector('h1');
  const title = h1 ? h1.textContent.trim() : document.title;
  if (h1) h1.id = `p${index}`;
  const takeaways = [...article.querySelectorAll('figure.insight-figure')].map((f) => [f.id,
    (f.querySelector('.figure-takeaway') || f.querySelector('.figure-title')).textContent.trim()]);
  return {title, takeaways, html: article.innerHTML};
}"""

STYLE = """
@page { size: A4; margin: %(top)s %(right)s %(bottom)s %(left)s; }
html, body { background: #fff; color: #000; }
.md-typeset { font-size: 10.5pt; line-height: 1.5; }
.report > section, .report > article { break-before: page; }
.report-cover { padding-top: 30mm; }
.report-cover h1 { font-size: 24pt; line-height: 1.2; margin: 4mm 0 10mm; color: #000; }
.report-site { font-size: 12pt; text-transform: uppercase; letter-spacing: 0.05em; }
.report-contents ol { list-style: none; padding: 0; margin: 0; }
.report-contents li { margin: 0 0 2mm; }
.report .md-typeset h1, .report h1 { break-after: avoid; }
.report figure.insight-figure, .report .topline, .report .report-table { break-inside: avoid; }
.report .report-table { margin-top: 1em; }
.report .chart .chart-wide { display: block !important; }
.report .chart .chart-narrow { display: none !important; }
.report a { color: inherit; }
.report a[href^="#"] { text-decoration: none; }
.md-typeset.report table { font-size: 9.5pt; }
.md-typeset.report table :is(th, td) { padding: 0.3em 0.9em; vertical-align: baseline; }
.report .disclosure table, .report table.data { font-size: 9pt; }
.report .topline h2, .report .topline h3, .report .topline h4 { margin-top: 1.2em; }
.report-cite { overflow-wrap: anywhere; }
""" % MARGIN


def running(left: str, right: str) -> str:
    """A running head or foot: Chromium draws it outside the page's styles, so it carries its own."""
    return (f'<div style="font: 8px sans-serif; color: #444; width: 100%; margin: 0 18mm; display: flex; '
            f'justify-content: space-between"><span>{left}</span><span>{right}</span></div>')


def compose(browser, study: str, lang: str, nav: list[str], pages: list[str], base: str, ctx, site: Site) -> str:
    """The report's HTML: its sections around the text pages read from the site served at `base`."""
    from insights.site import text
    from insights.strings import catalogue

    w = catalogue(lang)["report"]
    added = sections(study, lang, ctx, site)
    in_report = {f"/{url}": i for i, url in enumerate(pages)}
    read, seen, others = [], [], []
    tab = browser.new_page()
    try:
        for i, url in enumerate(pages):
            tab.goto(base + url)
            read.append(tab.evaluate(EXTRACT, [i, in_report, site.url, base.rstrip("/"), seen, None]))
            seen += [fid for fid, _ in read[-1]["takeaways"]]
        for url, figures in shown_elsewhere(study, lang, ctx, nav, pages, seen).items():  # e.g. on a page of several studies
            tab.goto(base + url)
            others.append(tab.evaluate(EXTRACT, [len(pages) + len(others), in_report, site.url, base.rstrip("/"), seen, figures]))
    finally:
        tab.close()
    takeaways = [(fid, said) for page in [*read, *others] for fid, said in page["takeaways"]]
    parts = [("key-numbers", w["key_numbers"]), *((f"p{i}", page["title"]) for i, page in enumerate(read)),
             *([("figures", w["figures"])] if others else []),
             ("questionnaire", w["questionnaire"]), ("disclosure", w["disclosure"]), ("sources", w["sources"]),
             ("cite", w["cite"])]
    contents = "".join(f'<li><a href="#{anchor}">{text(title) if not anchor.startswith("p") else html.escape(title)}</a></li>'
                       for anchor, title in parts)
    body = [added["cover"],
            f'<section class="report-contents"><h2 id="contents">{text(w["contents"])}</h2><ol>{contents}</ol></section>',
            f'<section><h1 id="key-numbers">{text(w["key_numbers"])}</h1><ul>'
            + "".join(f'<li><a href="#{fid}">{html.escape(said)}</a></li>' for fid, said in takeaways) + "</ul></section>",
            *(f"<article>{page['html']}</article>" for page in read),
            *([f'<section><h1 id="figures">{text(w["figures"])}</h1>{"".join(page["html"] for page in others)}</section>']
              if others else []),
            f'<section><h1 id="questionnaire">{text(w["questionnaire"])}</h1>{shift(added["questionnaire"])}</section>',
            f'<section><h1 id="disclosure">{text(w["disclosure"])}</h1>{added["disclosure"]}</section>',
            f'<section><h1 id="sources">{text(w["sources"])}</h1>{added["sources"]}</section>',
            f'<section><h1 id="cite">{text(w["cite"])}</h1>{added["cite"]}</section>']
    title = ctx.surveys[study].study.title[lang]
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{text(title)}</title>'
            f'<link rel="stylesheet" href="{base}{stylesheet(base)}"><link rel="stylesheet" href="{base}assets/stylesheets/site.css">'
            f'<link rel="stylesheet" href="{base}{PREFIX}/charts.css"><style>{STYLE}</style></head>'
            f'<body><main class="md-typeset report">{"".join(body)}</main></body></html>')


def shift(fragment: str) -> str:
    """The topline's headings one level down, under the report's own."""
    return re.sub(r"<(/?)h([2-5])", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", fragment)


_STYLESHEET = re.compile(r'href="[./]*(assets/stylesheets/main\.[0-9a-f]+\.min\.css)"')


def stylesheet(base: str) -> str:
    """The theme's main stylesheet, whose name carries its digest: read from the home page."""
    from urllib.request import urlopen

    with urlopen(base) as response:
        return _STYLESHEET.search(response.read().decode()).group(1)


def print_pdf(browser, document: str, base: str, folder: Path, lang: str, title: str, site_name: str) -> bytes:
    from insights.strings import catalogue

    w = catalogue(lang)["report"]
    page_words = html.escape(w["page"]).format(page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    source = folder / f"report-{lang}.html"  # served beside the site, so that its stylesheets resolve
    source.write_text(document, encoding="utf-8")
    tab = browser.new_page()
    try:
        tab.goto(base + source.name)
        tab.emulate_media(media="print")
        return tab.pdf(format="A4", margin=MARGIN, print_background=True, tagged=True, outline=True,
                       display_header_footer=True, prefer_css_page_size=True,
                       header_template=running(html.escape(site_name), html.escape(title)),
                       footer_template=running("", page_words))
    finally:
        tab.close()
        source.unlink()


def print_day(day) -> str:
    """The report's date as YYYYMMDD: the data's version date, else the study's publication (a year
    or a month alone count from its first day), else SOURCE_DATE_EPOCH's day (1 January 1970 unset)."""
    if day is None:
        from datetime import datetime, timezone

        return datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH") or 0), timezone.utc).strftime("%Y%m%d")
    year, month, date = (str(day).split("-") + ["1", "1"])[:3]
    return f"{int(year):04d}{int(month):02d}{int(date):02d}"


def settle(pdf: bytes, when: str) -> bytes:
    """The same inputs, the same bytes. Chromium dates the file when it prints it: the creation and
    modification dates become `when` (the data's date, YYYYMMDD). And the tags' element ids count
    the browser's DOM nodes, which vary from run to run: they are numbered again in the order they
    appear, each reference with its element. Every value keeps its length: no offset moves."""
    def dated(match: re.Match) -> bytes:
        length = len(match.group(2))
        stamp = next((form for form in (f"D:{when}000000+00'00'", f"D:{when}000000Z", f"D:{when}000000")
                      if len(form) == length), None)
        if stamp is None:
            raise ValueError(f"report: a PDF date of an unknown form: {match.group(2)!r}")
        return match.group(1) + stamp.encode() + match.group(3)

    pdf = re.sub(rb"(/(?:CreationDate|ModDate) ?\()(D:[^)]*)(\))", dated, pdf)
    numbers: dict[bytes, bytes] = {}
    return re.sub(rb"\(node(\d+)\)", lambda m: b"(node" + numbers.setdefault(
        m.group(1), str(len(numbers) + 1).zfill(len(m.group(1))).encode()) + b")", pdf)


def build(site_dir: Path, folder: Path = REPORTS, studies: list[str] | None = None) -> list[Path]:
    """Print each study's report (every study's, or those of `studies`) in every language from the
    site built in `site_dir`."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from insights.generate import generate

    config = read_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    site = Site(config["site_url"], {lang["locale"]: lang.get("site_name") or config["site_name"] for lang in i18n["languages"]})
    ctx = generate()
    nav = nav_pages(config["nav"])
    folder.mkdir(parents=True, exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "chromium", args=["--headless", "--no-sandbox"])
            for study, survey in ctx.surveys.items():
                for lang in LANGUAGES if studies is None or study in studies else ():
                    pages = text_pages(study, nav, lang, ctx)
                    document = compose(browser, study, lang, nav, pages, base, ctx, site)
                    title = survey.study.title[lang]
                    pdf = print_pdf(browser, document, base, site_dir, lang, title, site.names[lang])
                    pdf = settle(pdf, print_day(survey.version.date if survey.version else survey.study.disclosure.published))
                    target = folder / f"{study}-{lang}.pdf"
                    write_atomically(target, pdf)
                    write_atomically(target.with_suffix(".json"), json.dumps(
                        {"study": study, "lang": lang, "key": ctx.key, "bytes": len(pdf), "pages": pages}).encode())
                    written.append(target)
                    print(f"report: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
                          f"({len(pdf) / 1e6:.2f} MB, {len(pages)} pages of the site)")
            browser.close()
    finally:
        server.shutdown()
    return written


def write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with open(fd, "wb") as out:
        out.write(content)
    Path(tmp).chmod(0o644)
    Path(tmp).replace(path)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Print each study's report PDF from the built site.")
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--study", action="append", help="only this study (repeat for more)")
    args = parser.parse_args(argv)
    site_dir = Path(args.site).resolve()
    if not (site_dir / "index.html").is_file():
        print(f"report: no site in {site_dir}: run make build first (make report does both)", file=sys.stderr)
        return 1
    build(site_dir, studies=args.study)
    return 0


if __name__ == "__main__":
    sys.exit(main())
