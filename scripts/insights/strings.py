"""One catalogue of generated texts per language: strings/fr.yml and strings/en.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).parent / "strings"


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where PyYAML has it: ten times faster


@cache
def catalogue(lang: str) -> dict:
    return yaml.load((STRINGS_DIR / f"{lang}.yml").read_text(encoding="utf-8"), Loader=LOADER)


def keys(tree: dict, prefix: str = "") -> set[str]:
    """Dotted paths of every leaf, to compare catalogues."""
    out = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        out |= keys(value, path + ".") if isinstance(value, dict) else {path}
    return out
