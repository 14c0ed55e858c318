"""Build code for the bilingual market-insights microsite.

The flow runs one way: ``data`` (load + validate) → ``metrics`` (pure numbers)
→ ``figures`` (Altair specs) and ``values`` (named numbers for prose)
→ ``generate`` (writes files) → ``markers`` (fills pages) → ``build`` (one build, called by the MkDocs hook).
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"  # one folder per study
DOCS_DIR = ROOT / "docs"


def declared_languages(config: Path = ROOT / "mkdocs.yml") -> tuple[tuple[str, ...], str]:
    """The site's languages, in order, and its default: the one declaration is the i18n plugin's
    `languages` in mkdocs.yml (how each one writes: strings/<code>.yml, insights/languages.py)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and the like: not needed here
    plugins = yaml.load(config.read_text(encoding="utf-8"), Loader).get("plugins", [])
    i18n = next((p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p), None)
    if not i18n:
        raise SystemExit(f"{config.name}: the i18n plugin and its languages are missing")
    built = [entry for entry in i18n["languages"] if entry.get("build", True)]
    return tuple(entry["locale"] for entry in built), next(entry["locale"] for entry in built if entry.get("default"))


LANGUAGES, DEFAULT_LANGUAGE = declared_languages()
