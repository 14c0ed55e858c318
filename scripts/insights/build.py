"""One build of the site, as the engine sees it: data/ → checked, computed and drawn → pages filled,
corrected and shared → the files beside them. No MkDocs object crosses into this module: scripts/hooks.py
hands it plain values (a language, a page's source and address, its Markdown or HTML) and hands back
what it returns. `mkdocs serve` keeps one Build per rebuild; `mkdocs build` makes one.

While serving, bad data or a bad marker does not stop the server: the problem shows in the terminal
and at the top of each page it concerns (serving.error_banner), and the last good numbers stay.
"""

from __future__ import annotations

import html
import functools
import importlib
import itertools
import json
import logging
import os
import shutil
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from insights import DATA_DIR, DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES, ROOT, cache, drawing, markup, notebooks, parity, serving, social, theme
from insights.cache import Converter, Store, write_if_changed
from insights.languages import language
from insights.problems import DataError
from insights.site import DRAWING, OUT_DIR, Context, text, with_drawings
from insights.strings import catalogue

log = logging.getLogger("mkdocs.hooks")
PERMALINK_TITLE = "Permanent link"  # Python-Markdown's toc writes it on every ¶ link, in every language
NOTEBOOK_COPY_LABEL = "Copy to Clipboard"  # mkdocs-jupyter's, on each code cell's copy button
# Every table of a page, styled by site.css: a table with a class is one the theme's script does not
# rewrap once the page is shown (a layout of the page per table).
TABLE_CLASS = '<table class="data">'
NOTEBOOKS_DONE = ROOT / ".cache" / "notebooks-done"  # watched while serving: a file written here rebuilds
KERNEL_CONFIG = b"""# Written by scripts/insights/build.py: the notebooks' kernels report errors only. Their one warning
# ("running over TCP without encryption") is about a local kernel on 127.0.0.1: not ours to act on.
c.IPKernelApp.log_level = "ERROR"
"""
_executions = itertools.count(1)  # each "notebooks done" signal writes a new content


class BuildError(Exception):
    """What stops `mkdocs build`: one line per problem, naming file, line and rule."""


@dataclass(frozen=True)
class SiteInfo:
    url: str  # site_url, ends with /
    name: str
    description: str
    site_dir: Path
    docs_dir: Path
    contact: str | None = None  # extra.contact: where readers report a problem
    repository: str | None = None  # repo_url


@dataclass(frozen=True)
class PageInfo:
    lang: str
    src_uri: str  # e.g. platforms.en.md
    url: str  # e.g. en/platforms/
    canonical_url: str
    title: str


@contextmanager
def _naming(page: PageInfo):
    """A problem met while finishing a page names the page (a theme that changed its markup, a
    drawing missing from the context)."""
    try:
        yield
    except (theme.ThemeChanged, KeyError, ValueError) as err:
        raise BuildError(f"docs/{page.src_uri}: {type(err).__name__}: {err}") from err


def report(message: str) -> None:
    """While serving, to the terminal; not through MkDocs' logger, whose errors would make the
    strict build abort (and the server show nothing new)."""
    for line in message.splitlines():
        print(f"ERROR   -  {line}", file=sys.stderr, flush=True)


@functools.cache  # once per server
def warm_up() -> None:
    """While serving, after the first build: start the drawing workers, and load in the background
    what a change to data/ will need (pandas, Altair and the build code, ~1.5 s), so that the first
    edit does not wait for them. A server whose data never changes pays it once, while idle."""
    drawing.warm()  # from this thread, which serves until the end (see drawing._worker_start)
    threading.Thread(target=importlib.import_module, args=("insights.generate",), name="warm-up", daemon=True).start()


def quiet_kernels() -> None:
    """Notebook kernels read their settings from $IPYTHONDIR; ours lives in .cache/."""
    folder = ROOT / ".cache" / "ipython"
    write_if_changed(folder / "profile_default" / "ipython_kernel_config.py", KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(folder)


@dataclass
class Build:
    site: SiteInfo | None = None  # the language being built's (mkdocs-static-i18n builds each language in turn)
    serving: bool = False  # `mkdocs serve`: errors are shown, not raised
    with_notebooks: bool = True  # mkdocs-jupyter renders the notebooks' pages
    context: Context | None = None  # what the markers draw on; kept from the last good build while serving
    data_error: DataError | None = None
    page_errors: dict[str, str] = field(default_factory=dict)  # page source → its marker problem
    footers: dict[tuple[str, str], str] = field(default_factory=dict)  # (language, page source) → its data line
    pages: dict[str, int] = field(default_factory=dict)  # language → pages written
    notebook_states: dict[str, str] = field(default_factory=dict)  # page source → executed, from cache, running, failed
    filled: dict[str, int] = field(default_factory=lambda: {"filled": 0, "reused": 0})
    cards: Converter = field(default_factory=lambda: Converter(Store("cards")))
    card_files: list[tuple[Path, object]] = field(default_factory=list)  # (file in the site, its drawing: a future)
    not_found: str | None = None
    report_said: bool = False  # the line on report PDFs not printed from these inputs (make report)
    stores: dict[str, Store] = field(default_factory=lambda: {kind: Store(kind) for kind in
                                                              ("pages", "content", "html", "notebooks", "stylesheets")})

    # -- before the pages ------------------------------------------------------------------------

    def start(self, last: Context | None = None) -> None:
        """Check the pages' parity, then data/ → tables → values, charts and files (generate). A
        build starts the notebooks as soon as the data is valid; a server, after the pages."""
        self.context = last
        try:
            missing = parity.problems(self.site.docs_dir)
            if missing:
                raise DataError(missing)
            key, recalled = cache.recall_generation(DATA_DIR, DOCS_DIR, OUT_DIR)
            if recalled is not None:  # nothing changed: no pandas, no Altair
                self.context = recalled
                if not self.serving:
                    self.start_notebooks()
            else:  # bad data raises here, and a server keeps the last good context
                from insights.generate import generate

                self.context = generate(validated=None if self.serving else self.start_notebooks, key=key)
            log.info(f"Charts: {self.context.drawn} drawn, {self.context.reused} unchanged")
            for (lang, other), count in sorted(self.borrowed.items()):  # a language with a fallback, not yet translated
                log.info(f"Languages: {count} texts of data/ in {lang} fall back to {other}")
        except DataError as err:
            if not self.serving:
                raise BuildError(str(err)) from None  # one line per problem; nothing was written
            self.data_error = err  # the last good files and numbers stay; every page says what is wrong
            report(str(err))

    @cached_property
    def borrowed(self) -> Counter:
        """(language, its fallback) → how many data texts it takes from the fallback."""
        return Counter(tuple(rule.split("→", 2)[:2]) for rule in (self.context.fallbacks if self.context else ()))

    @cached_property
    def borrowed_texts(self) -> dict[str, tuple[str, set[str]]]:
        """Language → (its fallback, the data texts it takes from it)."""
        out: dict[str, tuple[str, set[str]]] = {}
        for rule in self.context.fallbacks if self.context else ():
            lang, other, borrowed = rule.split("→", 2)
            out.setdefault(lang, (other, set()))[1].add(" ".join(borrowed.split()))
        return out

    @cached_property
    def notebook_inputs(self) -> str:
        """The digest of what the notebooks compute from besides themselves: data/ and the build code."""
        return cache.digest(ROOT / "constraints.txt", DATA_DIR, ROOT / "scripts" / "insights")

    def notebook_result(self, notebook: Path) -> Path:
        """Where the executed copy of a notebook goes: the store's entry for the notebook's bytes and
        its inputs (data/ and scripts/), named as the notebook (its page shows the name)."""
        entry = cache.key(notebook.read_bytes(), self.notebook_inputs)
        return self.stores["notebooks"].path(entry, prefix=f"{notebooks.language(notebook)}-") / notebook.name

    def start_notebooks(self) -> None:
        """Start executing every notebook whose result is missing (insights/notebooks.py)."""
        if self.with_notebooks:
            found = sorted(self.site.docs_dir.rglob("*.ipynb"))
            notebooks.start([(nb, self.notebook_result(nb)) for nb in found],
                            self._notebook_done, self._all_notebooks_done)

    def _notebook_done(self, job) -> None:
        if job.exception() is not None:
            report(f"notebook: {job.exception()}")  # shown on its page too; not re-run until an input changes

    def _all_notebooks_done(self) -> None:
        """Serving: rebuild once every notebook has executed, so that their pages show the results
        (one rebuild for a save, whichever notebook ends last)."""
        if self.serving:  # a new content each time: a file rewritten with the same bytes would not be seen
            write_if_changed(NOTEBOOKS_DONE / "executed", str(next(_executions)).encode())

    # -- each page ---------------------------------------------------------------------------------

    def notebook(self, page: PageInfo, source: Path) -> Path | None:
        """The executed copy of a notebook page's notebook, to render instead of it (a build waits
        for it); None while serving, until it is ready (or if it failed): the page then shows the
        notebook as written, its code, and a note says why."""
        if self.data_error:
            return None
        result = self.notebook_result(source)
        try:
            if self.serving and not result.exists() and not notebooks.failed(result):
                state = "running"  # started, or starting after this build
            else:
                notebooks.start([(source, result)])  # nothing to do if it is on disk or on its way
                state = "executed" if notebooks.wait(result) else "from cache"
        except Exception as err:  # the notebook raised
            if not self.serving:
                raise BuildError(f"docs/{page.src_uri}: the notebook failed: {err}") from None
            state = "failed"
        self.notebook_states[page.src_uri] = state
        return result if state in ("executed", "from cache") else None

    def markdown(self, page: PageInfo, markdown: str) -> str:
        """The page's Markdown with its markers filled, for its language."""
        if self.context is None:  # serving, with bad data from the start: the page without its numbers
            return markdown
        from insights.accessibility import REPORT  # the last test run's counts, which the statement gives
        from insights.report import available  # the report PDFs printed from these inputs (make report)
        counts = REPORT.read_bytes() if "<!-- accessibility:" in markdown and REPORT.exists() else b""
        reports = tuple(sorted(available(self.context.key).items())) if "<!-- report:" in markdown else ()
        entry = cache.key(self.context.key, page.lang, page.src_uri, page.url, self.site.url, self.site.name,
                          self.site.contact, self.site.repository, counts, repr(reports), markdown)
        path = self.stores["pages"].path(entry, ".md")
        # Beside it, the footer's line on the data the page shows and its licence (overrides/partials/copyright.html).
        footer = self.stores["pages"].path(entry, ".footer")
        if path.exists() and footer.exists():
            self.filled["reused"] += 1
            self.footers[(page.lang, page.src_uri)] = footer.read_text(encoding="utf-8")
            return path.read_text(encoding="utf-8")
        self.filled["filled"] += 1
        from insights.markers import MarkerError, Page, data_footer, named_studies, render_page  # here: only a page to fill needs the tables

        try:
            filled = render_page(markdown, Page(page.lang, page.src_uri, page.url, self.context, self.site.url,
                                                self.site.name, contact=self.site.contact, repository=self.site.repository,
                                                reports=reports))
            line = data_footer(named_studies(markdown, self.context), page.lang, self.context)
            self.footers[(page.lang, page.src_uri)] = line
            write_if_changed(footer, line.encode())
            write_if_changed(path, filled.encode())
            return filled
        except MarkerError as err:
            message = f"docs/{page.src_uri}:{err.line}: {err}"
            if not self.serving:
                raise BuildError(message) from None
            self.page_errors[page.src_uri] = message
            report(message)
            return markdown

    @staticmethod
    def typeset(lang: str, words: str | None) -> str | None:
        """A title in the language's typography (strings/<lang>.yml, language.typography)."""
        return language(lang).typeset(words) if words else words

    @staticmethod
    def home_title(lang: str) -> str:
        """The home page's name in the navigation and the previous/next links (its <title> and
        sharing tags keep its heading, which starts with the site's name)."""
        return catalogue(lang)["home"]

    def content(self, page: PageInfo, content_html: str) -> tuple[str, dict]:
        with _naming(page):
            return self._content(page, content_html)

    def _content(self, page: PageInfo, content_html: str) -> tuple[str, dict]:
        """The page's content (its Markdown or notebook as HTML) with each link's address for print,
        and what the theme writes around it (overrides/main.html): the page's description and sharing
        tags, and the serve-time notes, as HTML (the theme writes page.meta as it is). The page's
        social card is drawn meanwhile. Kept in the cache by all it is made from."""
        entry = self.stores["content"].path(cache.key(
            self.context.key if self.context else None, self.serving, page.lang, page.src_uri, page.url,
            page.canonical_url, page.title, self.site.url, self.site.name, self.site.description, content_html), ".json")
        if entry.exists():
            printed, meta, card = json.loads(entry.read_text(encoding="utf-8"))
        else:
            if language(page.lang).typography:  # the author need not type it; the page's description neither
                content_html = markup.typeset(content_html, language(page.lang).typeset)
            # The ¶ link's tooltip in the page's language (Python-Markdown's toc writes one for all).
            # mkdocs-jupyter's copy buttons the same (its template writes English).
            words = catalogue(page.lang)
            content_html = content_html.replace(f'title="{PERMALINK_TITLE}"', f'title="{words["permalink"]}"').replace(
                f'aria-label="{NOTEBOOK_COPY_LABEL}"', f'aria-label="{words["copy_cell"]}"').replace("<table>", TABLE_CLASS)
            elements = markup.elements(content_html)
            printed = theme.print_urls(content_html, page.canonical_url, elements)
            if self.serving and page.lang in self.borrowed_texts:  # each borrowed text marked where it shows
                printed = serving.mark_borrowed(printed, self.borrowed_texts[page.lang][1], self.borrowed_texts[page.lang][0])
            meta, card = self._share(page, content_html, social.first_figure(elements))
            footer = self.footers.get((page.lang, page.src_uri))  # from its Markdown (markdown())
            if footer is None and self.context is not None and page.src_uri.endswith(".ipynb"):  # it reads every study
                from insights.markers import data_footer
                footer = data_footer([], page.lang, self.context)
            meta["data_footer"] = footer or ""
            write_if_changed(entry, json.dumps([printed, meta, card], ensure_ascii=False).encode())
        if card is not None:  # drawn meanwhile, unless the cache has it
            self.card_files.append((self.site.site_dir / card["file"], self.cards.later("card.png", card["spec"])))
        notes = self._error_banner(page) + self._notebook_banner(page) + self._fallback_banner(page)
        return printed, {**meta, "notes": notes}

    def html(self, page: PageInfo, output: str) -> str:
        with _naming(page):
            return self._html(page, output)

    def _html(self, page: PageInfo, output: str) -> str:
        """The rendered page corrected (theme.py), with its Content-Security-Policy, then its charts'
        SVG (site.with_drawings: no parser reads them, as they carry no script or style); a notebook
        page without the 80 % of JupyterLab's stylesheet it does not use (notebooks.trim_styles).
        Kept in the cache by the page as rendered and the build's inputs (data/ and the code)."""
        self.pages[page.lang] = self.pages.get(page.lang, 0) + 1
        notebook = page.src_uri.endswith(".ipynb")
        drawings = self.context is not None and DRAWING in output
        entry = self.stores["html"].path(cache.key(self.context.key if self.context else None, page.lang, DEFAULT_LANGUAGE,
                                                   notebook, output), ".html")
        if entry.exists():
            return entry.read_text(encoding="utf-8")
        trimmed = notebooks.trim_styles(output, self.stores["stylesheets"]) if notebook else output
        finished = theme.finish_page(trimmed, page.lang, DEFAULT_LANGUAGE)  # the charts' SVG runs and styles nothing
        finished = with_drawings(finished, self.context) if drawings else finished
        write_if_changed(entry, finished.encode())
        return finished

    def _error_banner(self, page: PageInfo) -> str:
        problems = ([str(p) for p in self.data_error.problems] if self.data_error else []) + (
            [self.page_errors[page.src_uri]] if page.src_uri in self.page_errors else [])
        return serving.error_banner(problems, page.lang, has_data=self.context is not None)

    def _fallback_banner(self, page: PageInfo) -> str:
        """While serving, a language declared with a fallback says how many data texts it still borrows."""
        if not (self.serving and self.context):
            return ""
        borrowed = [(other, count) for (lang, other), count in self.borrowed.items() if lang == page.lang]
        return serving.fallback_banner(borrowed[0][1], page.lang, borrowed[0][0]) if borrowed else ""

    def _notebook_banner(self, page: PageInfo) -> str:
        state = self.notebook_states.get(page.src_uri)
        if state not in ("running", "failed"):
            return ""
        words = catalogue(page.lang)["notebook_" + state]
        return serving.note("info" if state == "running" else "failure", f"notebook-{state}", "status", words["title"],
                            f'<p>{text(words["body"])}</p>')

    def _share(self, page: PageInfo, content_html: str, figure_id: str | None) -> tuple[dict, dict | None]:
        """Description, Open Graph and Twitter tags, and the page's social card: its file and spec
        (drawn once per content: a build with nothing changed draws none; a server draws none, as
        only a published page is shared, and the page it reloads comes sooner)."""
        summary = social.summary(content_html) or self.site.description
        card = f"generated/cards/{social.card_name(page.url, page.lang, DEFAULT_LANGUAGE)}.png"
        spec = None
        if not self.serving:
            address = urlsplit(page.canonical_url)
            number = social.headline(figure_id, page.lang, self.context) if self.context else None
            spec = social.card_spec(self.site.name, page.title, summary, address.netloc + address.path, number)
        tags = social.share_tags(title=page.title, description=social.shorten(summary), url=page.canonical_url,
                                 image=self.site.url + card, image_alt=f"{page.title} · {self.site.name}",
                                 site_name=self.site.name, lang=page.lang)
        return ({"description": html.escape(social.shorten(summary)), "share_tags": tags},
                None if spec is None else {"file": card, "spec": spec})

    def not_found_page(self, lang: str, output: str) -> str:
        """The site has one 404.html, at its root, for every language (GitHub Pages serves it for any
        missing URL). overrides/404.html carries every language; the default language's build renders
        it, and the other builds, which would overwrite it in their own language, write the same."""
        if lang == DEFAULT_LANGUAGE or self.not_found is None:
            self.not_found = theme.finish_page(output, DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)
        return self.not_found

    # -- after the pages ---------------------------------------------------------------------------

    def finish(self, site_dir: Path, languages: list[dict] = ()) -> None:
        """Write the cards and each language's feed of changes, keep what the next build can reuse,
        say what was done, split the search index of the site in `site_dir` by language, and
        (serving) start the notebooks. `languages`: theme.template_languages."""
        for path, drawn in self.card_files:
            write_if_changed(path, drawn.result())
        if self.context is not None:
            from insights.changes import FEED, atom, today_if_unset
            found = list(getattr(self.context, "changes", ()))
            for lang in languages:
                write_if_changed(site_dir / lang["prefix"] / FEED, atom(
                    found, lang["code"], self.site.url, lang["prefix"], lang["site_name"],
                    today_if_unset(os.environ.get("SOURCE_DATE_EPOCH"))))
            from insights.report import copy_into  # the report PDFs printed from these inputs (make report)
            copied, expected = copy_into(site_dir, self.context.key)
            if copied < expected and not self.report_said:  # said once while serving, not at each save
                self.report_said = self.serving
                log.info(f"Report PDF: {copied} of {expected} in the site (one per study and language); "
                         "the others were not printed from these inputs: `make report` prints them")
        if not self.serving:  # the cards of the last published build stay in the cache
            self.cards.prune()
        if self.context is not None and self.data_error is None:  # else pages kept their last good numbers
            for store in self.stores.values():
                if store.used:  # a build without notebooks keeps the executed ones
                    store.prune()
        log.info("Social cards: not drawn while serving (a published build draws them)" if self.serving else
                 f"Social cards: {self.cards.drawn} drawn, {len(self.cards.used) - self.cards.drawn} unchanged")
        log.info("Pages: " + ", ".join(f"{self.pages.get(lang, 0)} written ({lang})" for lang in LANGUAGES)
                 + f"; markers filled in {self.filled['filled']}, reused in {self.filled['reused']}")
        if self.with_notebooks:
            states = list(self.notebook_states.values())
            running = f", {states.count('running')} executing in the background" if "running" in states else ""
            log.info(f"Notebooks: {states.count('executed')} executed, {states.count('from cache')} from cache{running}")
        if self.serving and self.data_error is None:
            self.start_notebooks()
            warm_up()
        self._split_search(site_dir)

    @staticmethod
    def _split_search(site: Path) -> None:
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        for prefix, part in theme.split_search_index(index, LANGUAGES, DEFAULT_LANGUAGE).items():
            (site / prefix / "search").mkdir(parents=True, exist_ok=True)
            (site / prefix / "search" / "search_index.json").write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
            # Material fetches <language root>/sitemap.xml; mkdocs-static-i18n writes one at the root.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                if prefix:
                    shutil.copyfile(site / name, site / prefix / name)
