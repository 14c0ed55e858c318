"""One catalogue of generated texts per language: strings/fr.yml and strings/en.yml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).parent / "strings"


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where PyYAML has it: ten times faster


@cache
def raw_catalogue(lang: str) -> dict:
    """strings/<lang>.yml as written."""
    return yaml.load((STRINGS_DIR / f"{lang}.yml").read_text(encoding="utf-8"), Loader=LOADER)


@cache
def catalogue(lang: str) -> dict:
    """strings/<lang>.yml with its language's typography applied (typeset), but for the serve
    banner's problems: pairs of an English rule, matched as the build writes it, and its
    translation (typeset where the banner shows it)."""
    raw = raw_catalogue(lang)
    rules = (raw.get("language") or {}).get("typography")

    def walk(node, path: tuple):
        if isinstance(node, dict):
            return {key: walk(value, (*path, key)) for key, value in node.items()}
        if isinstance(node, list):
            if path == ("serve_error", "problems"):
                return [[english, typeset(translated, rules)] for english, translated in node]
            return [walk(value, path) for value in node]
        return typeset(node, rules) if isinstance(node, str) else node

    return walk(raw, ())


def typeset(text: str, rules: dict | None) -> str:
    """The text with a language's typography (its `typography:` rules, languages.OPTIONAL): the
    space typed before a mark made the language's own; the space inside guillemets; the apostrophe
    between two letters; the space an author left out before a mark that ends a phrase, or before %
    after a number (a time, a URL, a ratio keep theirs). In HTML text, the apostrophe may be a
    character reference."""
    if not rules or not text:
        return text
    if rules.get("apostrophe"):
        text = re.sub(r"(?<=\w)(?:'|&#x27;|&#39;)(?=\w)", rules["apostrophe"], text)
    # HTML text keeps its character references (&para;, &#95;) as they are: only the text between them.
    return "".join(part if index % 2 else _spaces(part, rules) for index, part in enumerate(re.split(r"(&#?\w+;)", text)))


def _spaces(text: str, rules: dict) -> str:
    for mark, space in (rules.get("before") or {}).items():
        text = re.sub(rf"[ \u00a0\u202f]+{re.escape(mark)}", space + mark, text)
        # Where none was typed: after a number for %, after a word when the mark ends a phrase (not
        # in 10:30, http://, a?b).
        text = re.sub(r"(?<=\d)%" if mark == "%" else rf"(?<=\w){re.escape(mark)}(?=\s|$)", space + mark, text)
    if rules.get("quotes_inside"):
        text = re.sub(r"«[ \u00a0\u202f]*", "«" + rules["quotes_inside"], text)
        text = re.sub(r"[ \u00a0\u202f]*»", rules["quotes_inside"] + "»", text)
    return text


def keys(tree: dict, prefix: str = "") -> set[str]:
    """Dotted paths of every leaf, to compare catalogues."""
    out = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        out |= keys(value, path + ".") if isinstance(value, dict) else {path}
    return out
