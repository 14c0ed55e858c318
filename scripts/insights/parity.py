"""Every page and every generated text exists in each language of the site, or the build stops
naming what is missing. (mkdocs-static-i18n would otherwise show the French page, unannounced,
to an English reader; a missing string would fail half-way through a page.)

Pages are docs/<name>.md or .ipynb in the default language and docs/<name>.<lang>.md beside it;
texts are the keys of scripts/insights/strings/<lang>.yml. Figures' words and values are in the
catalogues and in data/ (one object per field, {fr: …, en: …}), checked where they are read.
"""

from __future__ import annotations

from pathlib import Path

from insights import DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES
from insights.languages import LanguageError, language
from insights.strings import catalogue, keys

PAGE_SUFFIXES = (".md", ".ipynb")


def page_languages(docs_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(page name, suffix) → the languages it exists in, from the files in docs/."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in docs_dir.iterdir():
        if path.suffix not in PAGE_SUFFIXES:
            continue
        stem, _, lang = path.stem.partition(".")
        found.setdefault((stem, path.suffix), set()).add(lang or DEFAULT_LANGUAGE)
    return found


def problems(docs_dir: Path = DOCS_DIR) -> list[str]:
    out = []
    for lang in LANGUAGES:  # a language the site cannot write: named, with its fix
        try:
            language(lang)
        except LanguageError as err:
            out.append(str(err))
    if out:
        return out
    for (stem, suffix), langs in sorted(page_languages(docs_dir).items()):
        for lang in LANGUAGES:
            if lang not in langs:
                present = sorted(langs)[0]
                have = f"docs/{stem}{'' if present == DEFAULT_LANGUAGE else '.' + present}{suffix}"
                want = f"docs/{stem}{'' if lang == DEFAULT_LANGUAGE else '.' + lang}{suffix}"
                out.append(f"{have}: page has no {language(lang).english_name} version. Fix: add {want}, or remove the page.")
    # The texts; the language block is each language's own (insights/languages.py checks it).
    texts = {lang: {key for key in keys(catalogue(lang)) if not key.startswith("language.")} for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for key in sorted(texts[other] - texts[lang]):
                out.append(f"scripts/insights/strings/{lang}.yml: key {key} is missing (it is in {other}.yml). "
                           f"Fix: add the {language(lang).english_name} text.")
    return out

