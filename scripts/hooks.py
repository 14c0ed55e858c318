"""The one piece of glue between MkDocs and the engine in scripts/insights/ (insights/build.py): each
handler turns MkDocs' objects into plain values, calls the current Build, and hands back its result.

on_startup        `mkdocs serve` or `build`; quiet kernels and other packages' log lines; SIGTERM as Ctrl-C
on_shutdown       stops the notebooks' kernels and the drawing workers
on_config         lets mkdocs-static-i18n treat notebooks as pages (else they are copied as raw JSON);
                  gives the 404 page and the footer each language's words (extra.site_languages)
on_serve          watches the notebooks' "done" folder; each page's policy allows the live-reload script
on_pre_build      a new Build: parity, data → tables → charts and values, in .cache/generated/
on_files          adds the generated files to the site, under /generated/
on_pre_page       a notebook page renders the executed copy of its notebook
on_page_markdown  fills the markers in each page, for that page's language
on_page_content   links' addresses for print; the page's description, sharing tags, card and notes
on_post_page      corrects the page (theme.py), adds its Content-Security-Policy, then puts in the charts' SVG
on_post_template  makes the one 404.html the same whichever language is built last
on_post_build     writes the cards, splits the search index by language, starts the notebooks (serve)
"""

from __future__ import annotations

import functools
import signal
from pathlib import Path

import mkdocs.utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from insights import DEFAULT_LANGUAGE, drawing, notebooks, serving, theme
from insights.cache import STORE
from insights.build import NOTEBOOKS_DONE, Build, BuildError, PageInfo, SiteInfo, quiet_kernels
from insights.site import OUT_DIR

_build: Build | None = None  # the current build; while serving, the next one starts from its context


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n else DEFAULT_LANGUAGE


def _site(config) -> SiteInfo:
    return SiteInfo(config["site_url"], config["site_name"], config["site_description"], Path(config["site_dir"]),
                    Path(config["docs_dir"]), config.extra.get("contact"), config.get("repo_url"))


def _page(page, config) -> PageInfo:
    return PageInfo(_language(config), page.file.src_uri, page.url, page.canonical_url, page.title)


def _named(handler):
    """The engine's BuildError (file, line, rule) leaves MkDocs as its own error, with no traceback."""
    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except BuildError as err:
            raise PluginError(str(err)) from None
    return run


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def on_startup(command, dirty):
    global _build
    _build = Build(serving=command == "serve")
    quiet_kernels()
    serving.quiet_other_packages()
    if _build.serving:  # stopped by a signal, the server shuts down as on Ctrl-C: its workers and kernels too
        signal.signal(signal.SIGTERM, _interrupt)


def on_shutdown():
    notebooks.stop()
    drawing.stop()


def on_config(config):
    if ".ipynb" not in mkdocs.utils.markdown_extensions:
        mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")
    i18n = config.plugins.get("i18n")  # the 404 page and the footer, in each language (overrides/)
    declared = [(lang.locale, lang.site_name or config["site_name"]) for lang in i18n.config.languages if lang.build]
    config.extra["site_languages"] = theme.template_languages(declared, DEFAULT_LANGUAGE)
    return config


def on_serve(server, config, builder):
    NOTEBOOKS_DONE.mkdir(parents=True, exist_ok=True)
    server.watch(str(NOTEBOOKS_DONE))
    server.set_app(serving.live_reload_allowed(server.get_app()))  # the pages' policy allows live reload
    return server


@_named
def on_pre_build(config):
    global _build
    i18n, jupyter = config.plugins.get("i18n"), config.plugins.get("mkdocs-jupyter")
    if not (i18n and i18n.building):  # the build itself, not mkdocs-static-i18n's other language
        last = _build or Build()
        _build = Build(_site(config), serving=last.serving, with_notebooks=jupyter is not None, report_said=last.report_said)
        _build.start(last=last.context)  # serving with bad data: the last good numbers stay
    _build.site = _site(config)
    if jupyter:  # once per language: mkdocs-jupyter evicts from its cache what the current build did not use
        jupyter.config["cache_dir"] = str(STORE / "mkdocs-jupyter" / _language(config))


def on_files(files, config):
    for path in sorted(OUT_DIR.rglob("*")):
        if path.is_file():
            files.append(File(path.relative_to(OUT_DIR).as_posix(), str(OUT_DIR), config["site_dir"],
                              config["use_directory_urls"]))
    return files


@event_priority(50)  # before mkdocs-jupyter's, which renders the notebook file the page points to
@_named
def on_pre_page(page, config, files):
    if config.plugins.get("mkdocs-jupyter") and page.file.src_uri.endswith(".ipynb"):
        executed = _build.notebook(_page(page, config), Path(page.file.abs_src_path))
        if executed:  # mkdocs-jupyter renders it as it is (execute: false)
            page.file.abs_src_path = str(executed)
    return page


@_named
def on_page_markdown(markdown, page, config, files):
    return _build.markdown(_page(page, config), markdown)


@_named
def on_page_content(html, page, config, files):
    # The page's title and its table of contents get the language's typography, as its text does
    # (the navigation, the <title> and the sharing tags are written from them).
    lang = _language(config)
    page.title = _build.typeset(lang, page.title)
    links = list(page.toc or [])
    while links:
        link = links.pop()
        link.title = _build.typeset(lang, link.title)
        links += link.children
    html, meta = _build.content(_page(page, config), html)
    page.meta.update(meta)  # written by the theme: overrides/main.html
    if page.file.src_uri.split(".")[0] == "index":  # in the navigation, "Accueil", not the site's name again
        page.title = _build.home_title(lang)
    return html


@event_priority(-100)  # last, after every plugin: the policy hashes the page's final inline scripts
@_named
def on_post_page(output, page, config):
    return _build.html(_page(page, config), output)


def on_post_template(output, template_name, config):
    return _build.not_found_page(_language(config), output) if template_name == "404.html" else output


@event_priority(-100)  # after mkdocs-static-i18n has built the other languages and merged the index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if not (i18n and i18n.building):  # not another language's build inside this one
        _build.finish(Path(config["site_dir"]), config.extra.get("site_languages") or [])
