"""CONTRIBUTING.md cannot drift from the code: its reference is what scripts/contributing.py makes
from the declaration schemas now, and each figure type has its picture, the chart ones drawn
from the fixture study as the code draws them now."""

from __future__ import annotations

import re

import contributing
from insights.study import FIGURE_TYPES


def test_the_reference_is_generated_from_the_current_schemas():
    guide = contributing.GUIDE.read_text(encoding="utf-8")
    assert contributing.START in guide and contributing.END in guide
    assert contributing.rewrite(guide) == guide, "stale: run python scripts/contributing.py"


def test_the_reference_names_every_key_of_every_declaration():
    guide = contributing.GUIDE.read_text(encoding="utf-8")
    for file, (model, _) in contributing.SCHEMAS.items():
        for name, sub in model.model_json_schema().get("$defs", {}).items():
            if name == "Localized":  # described once, in words: a {fr, en} text
                continue
            for key in sub.get("properties", {}):
                assert f"| `{key}` |" in guide, (file, name, key)


def test_each_figure_type_has_a_current_picture():
    guide = contributing.GUIDE.read_text(encoding="utf-8")
    pictures = dict(re.findall(r"!\[([\w-]+)\]\((\.github/figure-types/[\w-]+\.(?:svg|png))\)", guide))
    assert set(pictures) == set(FIGURE_TYPES)
    for kind, path in pictures.items():
        assert (contributing.ROOT / path).stat().st_size > 1000, kind
    for kind, svg in contributing.chart_pictures().items():
        assert (contributing.PICTURES / f"{kind}.svg").read_bytes() == svg, f"{kind}: run python scripts/contributing.py"
