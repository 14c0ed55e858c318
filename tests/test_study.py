"""A study's declaration (data/<study>/study.yml): validated by the pydantic schema, whose JSON
Schema (scripts/insights/study.schema.json) editors use; the bad cases are in tests/bad_inputs/."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import SEED_DIR
from conftest import SEED_DIR as STUDY_DIR
from insights import DATA_DIR
from insights.data import load_survey
from insights.study import SCHEMA_FILE, SCHEMAS, json_schema


@pytest.mark.parametrize("file", SCHEMAS)
def test_the_committed_json_schemas_are_the_models_own(file):
    committed = SCHEMA_FILE.with_name(file).read_text(encoding="utf-8")
    assert committed == json_schema(file), "stale: run python -m insights.study"


DECLARATIONS = sorted(p for name in ("study.yml", "values.yml", "figures.yml") for p in DATA_DIR.glob(f"*/{name}"))


@pytest.mark.parametrize("path", DECLARATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_declaration_names_its_schema_for_editors(path):
    schema = path.name.replace(".yml", ".schema.json")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../scripts/insights/{schema}"
    assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMA_FILE.with_name(schema).resolve()
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.with_name(schema).read_text(encoding="utf-8")))
    declared = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    assert list(validator.iter_errors(declared)) == []


def test_every_study_has_its_three_declarations_checked():
    assert {p.parent.name for p in DECLARATIONS if p.name == "figures.yml"} == {p.parent.name for p in DATA_DIR.glob("*/study.yml")}
    assert len({p.parent for p in DECLARATIONS}) >= 8


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
    study = load_survey(SEED_DIR).study
    disclosure = study.disclosure.model_dump()
    assert set(disclosure) == {"producer", "sponsor", "publisher", "fielded", "published", "population", "sample",
                               "method", "weighting", "licence"}
    assert disclosure["producer"] == "CompTIA" and disclosure["sponsor"] is None  # the article does not say
    assert {source.kind for source in study.sources.values()} == {"study", "article"}
    assert study.bases["adopters"].n == 241 and study.bases["non_adopters"].n is None
