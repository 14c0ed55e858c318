"""The one piece of glue between MkDocs and the build code in scripts/insights/.

on_config         lets mkdocs-static-i18n treat notebooks as pages (else they are copied as raw JSON)
on_pre_build      runs the generator: data/ → validated tables → charts and values, in .cache/generated/
on_files          adds the generated files to the site, under /generated/
on_page_markdown  fills the markers in each page, for that page's language
on_post_page      drops the theme's per-page hreflang links from <head> (see below)
on_post_build     gives each language folder the sitemap that the theme's scripts fetch
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import mkdocs.utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from insights import DEFAULT_LANGUAGE, LANGUAGES
from insights.data import DataError
from insights.generate import OUT_DIR, Context, generate
from insights.markers import MarkerError, Page, render_page

_context: Context | None = None


def on_config(config):
    if ".ipynb" not in mkdocs.utils.markdown_extensions:
        mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")
    return config


def on_pre_build(config):
    global _context
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building and _context is not None:
        return  # mkdocs-static-i18n building another language within the same build: same data
    try:
        _context = generate()
    except DataError as err:
        raise PluginError(f"bad data, nothing was built:\n{err}") from None


def on_files(files, config):
    for path in sorted(OUT_DIR.rglob("*")):
        if path.is_file():
            rel = path.relative_to(OUT_DIR).as_posix()
            files.append(File(rel, str(OUT_DIR), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown, page, config, files):
    i18n = config.plugins.get("i18n")
    lang = i18n.current_language if i18n else DEFAULT_LANGUAGE
    try:
        return render_page(markdown, Page(lang, page.file.src_uri, page.url, _context))
    except MarkerError as err:
        raise PluginError(f"docs/{page.file.src_uri}:{err.line}: {err}") from None


# Material's script fetches "sitemap.xml" next to every <link rel="alternate"> in <head>, expecting
# language roots; mkdocs-static-i18n makes them per-page, so each page asked for <page>/sitemap.xml
# (a 404). The language switcher keeps its per-page links, and the hreflang alternates of every
# page stay in sitemap.xml, which search engines read as the equivalent of the <head> links.
HEAD_ALTERNATE = re.compile(r'\n\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    return HEAD_ALTERNATE.sub("", output)


def on_post_build(config):
    # mkdocs-static-i18n writes one sitemap (both languages, with alternates) at the site root;
    # Material fetches <language root>/sitemap.xml for every alternate link, so /en/ needs it too.
    # Every language is built into the same site_dir, the others under /<lang>/.
    site = Path(config["site_dir"])
    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                if (site / name).exists():
                    (site / lang).mkdir(exist_ok=True)
                    shutil.copyfile(site / name, site / lang / name)
