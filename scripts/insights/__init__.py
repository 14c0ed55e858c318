"""Build code for the bilingual market-insights microsite.

The flow runs one way: ``data`` (load + validate) → ``metrics`` (pure numbers)
→ ``figures`` (Altair specs) and ``values`` (named numbers for prose)
→ ``generate`` (writes files) → ``markers`` (fills pages, called by the MkDocs hook).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"  # one folder per study
STUDY = "comptia-2012"  # the seed study: CompTIA's 2012 survey, as reported by L'Atelier BNP Paribas
STUDY_DIR = DATA_DIR / STUDY
DOCS_DIR = ROOT / "docs"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
