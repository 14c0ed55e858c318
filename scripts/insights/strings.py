"""One catalogue of generated texts per language: strings/fr.yml and strings/en.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

STRINGS_DIR = Path(__file__).parent / "strings"


@cache
def catalogue(lang: str) -> dict:
    return yaml.safe_load((STRINGS_DIR / f"{lang}.yml").read_text(encoding="utf-8"))


def keys(tree: dict, prefix: str = "") -> set[str]:
    """Dotted paths of every leaf, to compare catalogues."""
    out = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        out |= keys(value, path + ".") if isinstance(value, dict) else {path}
    return out
