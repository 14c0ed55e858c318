"""A study's declaration (data/<study>/study.yml): validated by the pydantic schema, whose JSON
Schema (scripts/insights/study.schema.json) editors use; the bad cases are in tests/bad_inputs/."""

from __future__ import annotations

import json

import yaml
from jsonschema import Draft202012Validator

from insights import STUDY_DIR
from insights.data import load_survey
from insights.study import SCHEMA_FILE, json_schema


def test_the_committed_json_schema_is_the_models_own():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema(), "stale: run python -m insights.study"


def test_editors_can_check_the_file_with_the_json_schema():
    text = (STUDY_DIR / "study.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../scripts/insights/study.schema.json\n")
    assert (STUDY_DIR / "../../scripts/insights/study.schema.json").resolve() == SCHEMA_FILE.resolve()
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    declared = yaml.safe_load(text)
    assert list(validator.iter_errors(json.loads(json.dumps(declared, default=str)))) == []
    del declared["disclosure"]["weighting"]
    declared["disclosure"]["sponsr"] = None
    errors = {e.message for e in validator.iter_errors(json.loads(json.dumps(declared, default=str)))}
    assert any("weighting" in m for m in errors) and any("sponsr" in m for m in errors)


def test_every_disclosure_element_is_stated_even_when_unknown():
    study = load_survey().study
    disclosure = study.disclosure.model_dump()
    assert set(disclosure) == {"producer", "sponsor", "publisher", "fielded", "published", "population", "sample",
                               "method", "weighting", "licence"}
    assert disclosure["producer"] == "CompTIA" and disclosure["sponsor"] is None  # the article does not say
    assert {source.kind for source in study.sources.values()} == {"study", "article"}
    assert study.bases["adopters"].n == 241 and study.bases["non_adopters"].n is None
