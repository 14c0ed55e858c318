"""The one piece of glue between MkDocs and the build code in scripts/insights/.

on_startup        notes whether this is `mkdocs serve`: there, bad data or a bad marker does not stop
                  the server; the error shows in the terminal and at the top of the page
on_config         lets mkdocs-static-i18n treat notebooks as pages (else they are copied as raw JSON)
on_pre_build      checks that every page and text exists in both languages (insights/parity.py), then
                  runs the generator: data/ → validated tables → charts and values, in .cache/generated/
on_files          adds the generated files to the site, under /generated/
on_page_markdown  fills the markers in each page, for that page's language
on_post_page      corrects what the theme writes in each page (insights/theme.py says what and why),
                  adds its sharing tags and draws its social card (insights/social.py)
on_post_template  makes the one 404.html bilingual, whichever language is built last
(each page, the 404 and the embeds get a Content-Security-Policy: insights/theme.py)
on_post_build     splits the search index by language; gives each language folder its sitemap
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import pickle
import shutil
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

import mkdocs.utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from insights import DEFAULT_LANGUAGE, LANGUAGES, ROOT, drawing, notebooks, parity, serving, social, theme
from insights.data import DataError
from insights.generate import CARDS_CACHE, OUT_DIR, Context, Converter, generate, notebook_cache_dir, write_if_changed
from insights.markers import MarkerError, Page, render_page, text
from insights.strings import catalogue

log = logging.getLogger("mkdocs.hooks")
_context: Context | None = None
_cards: Converter | None = None
_card_files: list[tuple[Path, object]] = []  # (file in the site, its drawing: a future) written at the end
_serving = False  # `mkdocs serve`: errors are shown, not raised
_data_error: DataError | None = None  # the data's problems, while serving, until the files are fixed
_page_errors: dict[str, str] = {}  # page source → its marker problem, while serving
_pages: dict[str, int] = {}  # language → pages written in this build
_notebooks: dict[str, str] = {}  # notebook page → "executed", "from cache" or "running" (serving: not waited for)
NOTEBOOKS_DONE = ROOT / ".cache" / "notebooks-done"  # watched while serving: a file written here rebuilds
PAGES_MEMO = ROOT / ".cache" / "pages.memo.pickle"
_rendered: dict[tuple, str] = {}  # a page's Markdown with its markers filled, by what it was made from
_filled = {"filled": 0, "reused": 0}  # pages whose markers this build filled, or took from _rendered
TRIMMED = ROOT / ".cache" / "trimmed"  # notebook pages with their styles cut, by the page's content
_trimmed: set[Path] = set()  # those this build used


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    quiet_kernels()
    serving.quiet_other_packages()
    if _serving:  # stopped by a signal, the server shuts down as on Ctrl-C: its workers and kernels too
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def on_shutdown():
    notebooks.stop()
    drawing.stop()


KERNEL_CONFIG = b"""# Written by scripts/hooks.py: the notebooks' kernels report errors only. Their one warning
# ("running over TCP without encryption") is about a local kernel on 127.0.0.1: not ours to act on.
c.IPKernelApp.log_level = "ERROR"
"""


def quiet_kernels() -> None:
    """Notebook kernels read their settings from $IPYTHONDIR; ours lives in .cache/."""
    folder = ROOT / ".cache" / "ipython"
    write_if_changed(folder / "profile_default" / "ipython_kernel_config.py", KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(folder)


def on_serve(server, config, builder):
    NOTEBOOKS_DONE.mkdir(parents=True, exist_ok=True)
    server.watch(str(NOTEBOOKS_DONE))
    server.set_app(serving.live_reload_allowed(server.get_app()))  # the pages' policy allows live reload
    return server


def start_notebooks(config) -> None:
    """Start executing every notebook whose result is missing (insights/notebooks.py)."""
    if not config.plugins.get("mkdocs-jupyter"):
        return
    found = sorted(Path(config["docs_dir"]).rglob("*.ipynb"))
    notebooks.start([(nb, notebook_cache_dir(notebooks.language(nb))) for nb in found], notebook_done, all_notebooks_done)


def notebook_done(job) -> None:
    if job.exception() is not None:
        report(f"notebook: {job.exception()}")  # shown on its page too; not re-run until an input changes


def all_notebooks_done() -> None:
    """Serving: rebuild once every notebook has executed, so that their pages show the results
    (one rebuild for a save, whichever notebook ends last)."""
    if _serving:  # a new content each time: a file rewritten with the same bytes would not be seen
        write_if_changed(NOTEBOOKS_DONE / "executed", str(next(_executions)).encode())


_executions = itertools.count(1)


def report(message: str) -> None:
    """While serving, to the terminal; not through MkDocs' logger, whose errors would make the
    strict build abort (and the server show nothing new)."""
    for line in message.splitlines():
        print(f"ERROR   -  {line}", file=sys.stderr, flush=True)


def on_config(config):
    if ".ipynb" not in mkdocs.utils.markdown_extensions:
        mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")
    return config


def on_pre_build(config):
    global _context, _cards, _data_error
    i18n = config.plugins.get("i18n")
    if not (i18n and i18n.building):  # the build itself, not mkdocs-static-i18n's other language
        _cards, _data_error = Converter(CARDS_CACHE), None
        _card_files.clear()
        _pages.clear()
        _filled.update(filled=0, reused=0)
        _trimmed.clear()
        _notebooks.clear()
        _page_errors.clear()
        try:
            missing = parity.problems(Path(config["docs_dir"]))
            if missing:
                raise DataError(missing)
            # Built once: the notebooks run beside the charts. Served: after the build, so that the
            # pages a maintainer is looking at are rebuilt first, on both cores.
            _context = generate(validated=None if _serving else lambda: start_notebooks(config))
            _recall_pages(_context.key)
            log.info(f"Charts: {_context.drawn} drawn, {_context.reused} unchanged")
        except DataError as err:
            if not _serving:
                raise PluginError(str(err)) from None  # one line per problem; nothing was written
            _data_error = err  # the last good files and numbers stay; every page says what is wrong
            report(str(err))
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter:  # once per language: mkdocs-jupyter evicts from its cache what the current build did not use
        jupyter.config["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / _language(config))


@event_priority(50)  # before mkdocs-jupyter's, which renders the notebook file the page points to
def on_pre_page(page, config, files):
    """A notebook page shows the executed copy of its notebook (mkdocs-jupyter does not execute:
    `execute: false`); a build waits for it. While serving, until it is ready (or if it failed),
    the page shows the notebook as written, its code, and notebook_banner() says why."""
    if not (config.plugins.get("mkdocs-jupyter") and page.file.src_uri.endswith(".ipynb")) or _data_error:
        return page
    source = Path(page.file.abs_src_path)
    result = notebooks.result_path(source, notebook_cache_dir(notebooks.language(source)))
    try:
        if _serving and not result.exists() and not notebooks.failed(result):
            state = "running"  # started, or starting after this build
        else:
            notebooks.start([(source, result.parents[1])])  # nothing to do if it is on disk or on its way
            state = "executed" if notebooks.wait(result) else "from cache"
    except Exception as err:  # the notebook raised
        if not _serving:
            raise PluginError(f"docs/{page.file.src_uri}: the notebook failed: {err}") from None
        state = "failed"
    _notebooks[page.file.src_uri] = state
    if state in ("executed", "from cache"):
        page.file.abs_src_path = str(result)
    return page


def on_files(files, config):
    for path in sorted(OUT_DIR.rglob("*")):
        if path.is_file():
            rel = path.relative_to(OUT_DIR).as_posix()
            files.append(File(rel, str(OUT_DIR), config["site_dir"], config["use_directory_urls"]))
    return files


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n else DEFAULT_LANGUAGE


def _recall_pages(key: str) -> None:
    """The pages the last build filled from the same inputs (a no-change build fills none)."""
    _rendered.clear()
    try:
        saved_key, pages = pickle.loads(PAGES_MEMO.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return
    if saved_key == key:
        _rendered.update(pages)


def on_page_markdown(markdown, page, config, files):
    lang = _language(config)
    if _context is None:  # serving, with bad data from the start: the page without its numbers
        return markdown
    key = (lang, page.file.src_uri, page.url, config["site_url"], config["site_name"],
           hashlib.sha256(markdown.encode()).hexdigest())
    if key in _rendered:
        _filled["reused"] += 1
        return _rendered[key]
    _filled["filled"] += 1
    try:
        _rendered[key] = render_page(markdown, Page(lang, page.file.src_uri, page.url, _context, config["site_url"],
                                                    config["site_name"]))
        return _rendered[key]
    except MarkerError as err:
        message = f"docs/{page.file.src_uri}:{err.line}: {err}"
        if not _serving:
            raise PluginError(message) from None
        _page_errors[page.file.src_uri] = message
        report(message)
        return markdown


def error_banner(page, lang: str) -> str:
    """While serving: what is wrong, at the top of the page, until the file is fixed."""
    problems = ([str(p) for p in _data_error.problems] if _data_error else []) + (
        [_page_errors[page.file.src_uri]] if page.file.src_uri in _page_errors else [])
    return serving.error_banner(problems, lang, has_data=_context is not None)


def notebook_banner(page, lang: str) -> str:
    """While serving: a notebook whose results are being recomputed (or failed) says so."""
    state = _notebooks.get(page.file.src_uri)
    if state not in ("running", "failed"):
        return ""
    words = catalogue(lang)["notebook_" + state]
    kind = "info" if state == "running" else "failure"
    return (f'<div class="admonition {kind} notebook-{state}" role="status"><p class="admonition-title">'
            f'{text(words["title"])}</p><p>{text(words["body"])}</p></div>')


@event_priority(-100)  # last, after every plugin: the policy hashes the page's final inline scripts
def on_post_page(output, page, config):
    lang = _language(config)
    _pages[lang] = _pages.get(lang, 0) + 1
    if page.file.src_uri.endswith(".ipynb"):
        output = trimmed(output)
    output = theme.print_urls(theme.fix_page(output, lang, DEFAULT_LANGUAGE), page.canonical_url)
    output = theme.add_to_article(output, error_banner(page, lang) + notebook_banner(page, lang))
    return theme.add_csp(share(output, page, config, lang))


def trimmed(output: str) -> str:
    """A notebook page without the 80 % of JupyterLab's stylesheet it does not use
    (notebooks.trim_styles: 0.4 s, so kept by the page's content)."""
    path = TRIMMED / f"{hashlib.sha256(output.encode()).hexdigest()[:32]}.html"
    _trimmed.add(path)
    if path.exists():
        return path.read_text(encoding="utf-8")
    output = notebooks.trim_styles(output)
    write_if_changed(path, output.encode())
    return output


def share(output: str, page, config, lang: str) -> str:
    """Meta description, Open Graph and Twitter tags, and the page's social card (drawn once per
    content: a build with nothing changed draws none)."""
    site_url = config["site_url"]
    summary = social.summary(output) or config["site_description"]
    card = f"generated/cards/{social.card_name(page.url, lang, DEFAULT_LANGUAGE)}.png"
    address = urlsplit(page.canonical_url)
    number = social.headline(output, lang, _context) if _context else None
    spec = social.card_spec(config["site_name"], page.title, summary, address.netloc + address.path, number)
    _card_files.append((Path(config["site_dir"]) / card, _cards.later("card.png", spec)))  # drawn meanwhile
    tags = social.head_tags(title=page.title, description=social.shorten(summary), url=page.canonical_url,
                            image=site_url + card, image_alt=f'{page.title} · {config["site_name"]}',
                            site_name=config["site_name"], lang=lang)
    return social.add_head_tags(output, tags)


_not_found: str | None = None


def on_post_template(output, template_name, config):
    """The site has one 404.html, at its root, for every language (GitHub Pages serves it for any
    missing URL). overrides/404.html carries both languages; the default language's build renders
    it, and the other builds, which would overwrite it in their own language, write the same."""
    global _not_found
    if template_name != "404.html":
        return output
    if _language(config) == DEFAULT_LANGUAGE or _not_found is None:
        _not_found = theme.add_csp(theme.fix_page(output, DEFAULT_LANGUAGE, DEFAULT_LANGUAGE))
    return _not_found


@event_priority(-100)  # after mkdocs-static-i18n has built the other languages and merged the index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building:
        return  # another language's build inside this one: the search index is not final yet
    for path, drawn in _card_files:
        write_if_changed(path, drawn.result())
    _cards.prune()
    for path in TRIMMED.glob("*.html") if _data_error is None else ():
        if path not in _trimmed:
            path.unlink()
    if _context is not None and _data_error is None:
        write_if_changed(PAGES_MEMO, pickle.dumps((_context.key, _rendered), protocol=pickle.HIGHEST_PROTOCOL))
    log.info(f"Social cards: {_cards.drawn} drawn, {len(_cards.used) - _cards.drawn} unchanged")
    log.info("Pages: " + ", ".join(f"{_pages.get(lang, 0)} written ({lang})" for lang in LANGUAGES)
             + f"; markers filled in {_filled['filled']}, reused in {_filled['reused']}")
    if config.plugins.get("mkdocs-jupyter"):
        states = list(_notebooks.values())
        running = f", {states.count('running')} executing in the background" if "running" in states else ""
        log.info(f"Notebooks: {states.count('executed')} executed, {states.count('from cache')} from cache{running}")
    if _serving and _data_error is None:
        start_notebooks(config)
    site = Path(config["site_dir"])
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for prefix, part in theme.split_search_index(index, LANGUAGES, DEFAULT_LANGUAGE).items():
        (site / prefix / "search").mkdir(parents=True, exist_ok=True)
        (site / prefix / "search" / "search_index.json").write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        # Material fetches <language root>/sitemap.xml; mkdocs-static-i18n writes one at the root.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if prefix:
                shutil.copyfile(site / name, site / prefix / name)
