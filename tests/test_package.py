"""Open data: each study's Frictionless Data Package and zip, generated from its declarations,
valid, complete and offered on the data page in both languages."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from frictionless import validate

from insights import DATA_DIR
from insights.generate import load_studies
from insights.languages import language
from insights.package import datapackage, study_zip

SURVEYS = load_studies()[0]


@pytest.mark.parametrize("study", SURVEYS)
def test_the_published_package_is_valid_and_describes_every_table(site, study):
    path = site / "generated" / "data" / study / "datapackage.json"
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(path.read_text(encoding="utf-8"))
    survey = SURVEYS[study]
    assert [r["path"] for r in package["resources"]] == [f"{name}.csv" for name in survey.tables]
    for resource, table in zip(package["resources"], survey.tables.values()):
        assert [f["name"] for f in resource["schema"]["fields"]] == list(table.frame.columns)
        assert all(f["description"] and f["type"] in ("string", "integer") for f in resource["schema"]["fields"])
        assert resource["sources"] and resource["description"].startswith("Question: ")
    licence = survey.study.disclosure.licence
    assert ("licenses" in package) == bool(licence)
    if not licence:
        assert "Licence of the figures: not given by the source." in package["description"]


def test_a_constraint_the_build_enforces_is_in_the_package():
    fields = {f["name"]: f for f in datapackage(SURVEYS["comptia-2012"])["resources"][0]["schema"]["fields"]}
    assert fields["share_pct"]["constraints"] == {"required": True, "minimum": 0, "maximum": 100}
    assert fields["share_pct"]["unit"] == "percent"
    assert fields["base"]["constraints"]["enum"] == ["adopters", "non_adopters"]
    assert fields["id"]["constraints"]["unique"] is True


def test_the_package_rejects_data_that_breaks_its_constraints(tmp_path):
    survey = SURVEYS["comptia-2012"]
    (tmp_path / "datapackage.json").write_text(json.dumps(datapackage(survey)), encoding="utf-8")
    for name in survey.tables:
        text = (DATA_DIR / "comptia-2012" / f"{name}.csv").read_text(encoding="utf-8")
        (tmp_path / f"{name}.csv").write_text(text.replace(",82,", ",182,"), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert any("182" in str(row) for row in report.flatten(["cell"]))


@pytest.mark.parametrize("study", SURVEYS)
def test_the_study_zip_holds_its_files_and_is_the_same_every_time(site, study):
    survey = SURVEYS[study]
    data = (site / "generated" / "data" / f"{study}.zip").read_bytes()
    assert data == study_zip(survey, DATA_DIR / study), "not reproducible"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        expected = {f"{study}/{n}{s}" for n in survey.tables for s in (".csv", ".meta.yml")}
        record = {f"{study}/changes.yml"} if survey.changes else set()  # its corrections, when it keeps a record
        assert names == expected | record | {f"{study}/study.yml", f"{study}/datapackage.json", f"{study}/README.md"}
        for name in survey.tables:
            assert archive.read(f"{study}/{name}.csv") == (DATA_DIR / study / f"{name}.csv").read_bytes()
        readme = archive.read(f"{study}/README.md").decode()
        assert survey.study.title.en in readme and survey.study.title.fr in readme


@pytest.mark.parametrize("lang, prefix", [("fr", ""), ("en", "en/")])
def test_the_data_page_offers_each_study_with_its_columns(site, lang, prefix):
    from insights.strings import catalogue

    page = site / prefix / "data" / "index.html"
    html = page.read_text(encoding="utf-8")
    for study, survey in SURVEYS.items():
        for link in (f"generated/data/{study}.zip", f"generated/data/{study}/datapackage.json"):
            assert f'href="../{"../" if prefix else ""}{link}"' in html, link
            assert (site / link).is_file()
    words = catalogue(lang)
    labels = {"fr": {"label_fr": "Libellé de l'élément en français.", "label_en": "Libellé de l'élément en anglais."},
              "en": {"label_fr": "Item label in French.", "label_en": "Item label in English."}}[lang]
    labels = {name: language(lang).typeset(text) for name, text in labels.items()}  # as the page sets them
    described = {**{name: text for name, text in words["columns"].items() if name != "label"}, **labels}
    for name, description in described.items():
        assert f"<td><code>{name.replace('_', '&#95;')}</code></td><td>{description.replace('_', '&#95;')}</td>" in html \
            or f"<td><code>{name}</code></td><td>{description.replace('_', '&#95;')}</td>" in html, name
    for name in words["computed"]:
        assert f"<code>{name}</code>" in html
