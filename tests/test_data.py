"""Loading and validation of the real data (the bad inputs are in test_bad_inputs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


from conftest import SEED_DIR
from insights.data import DataError, load_survey


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_of(data: Path) -> str:
    with pytest.raises(DataError) as info:
        load_survey(data)
    return str(info.value)


def test_real_data_loads_with_every_seed_figure():
    survey = load_survey(SEED_DIR)
    shares = {name: dict(zip(t.frame["id"], t.frame["share_pct"])) for name, t in survey.tables.items() if "share_pct" in t.frame}
    assert shares["external_platforms"] == {"facebook": 82, "twitter": 68, "linkedin": 68}
    assert shares["internal_platforms"] == {"ibm_connections": 17, "chatter_or_yammer": 15, "jive": 7, "telligent": 4}
    assert shares["purposes"] == {"visibility": 56, "consumers": 48, "data_analysis": 25, "employees": 23}
    assert shares["awareness"] == {"adopters_unfamiliar": 10, "non_adopters_unaware": 68}
    assert list(survey.tables["barriers"].frame["id"]) == ["cost", "it_integration"]
    assert survey.n("adopters") == 241 and survey.n("non_adopters") is None


def test_every_problem_is_reported_at_once(data):
    edit(data / "purposes.csv", ",48,", ",480,")
    edit(data / "external_platforms.csv", ",82,", ",x,")
    message = error_of(data)
    assert "data/comptia-2012/purposes.csv:3" in message and "data/comptia-2012/external_platforms.csv:2" in message
    assert len(message.splitlines()) == 2


def test_what_editors_leave_in_a_csv_is_accepted(data):
    """Trailing blank lines, a blank line or a row of empty cells between rows (as spreadsheets
    export them), spaces (even no-break ones) around cells: harmless, so accepted, same data."""
    csv = data / "purposes.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",48,", ", \u00a048 ,").replace("consumers,", "  consumers ,", 1)
    csv.write_text("\n".join(lines[:3] + ["", ",,,,"] + lines[3:]) + "\n\n\n,,,,\n  \n", encoding="utf-8")
    assert load_survey(data).tables["purposes"].frame.equals(load_survey(SEED_DIR).tables["purposes"].frame)


@pytest.mark.parametrize("separator", [",", ";"])
def test_excel_separator_line_is_accepted_and_read(data, separator):
    """Excel's "CSV for Excel" starts with a line sep=, (or sep=;) naming the separator it used: the
    line is skipped, the separator used, and later lines keep their numbers in messages."""
    csv = data / "purposes.csv"
    body = csv.read_text(encoding="utf-8")
    csv.write_text(f"sep={separator}\n" + (body.replace(",", ";") if separator == ";" else body), encoding="utf-8")
    assert load_survey(data).tables["purposes"].frame.equals(load_survey(SEED_DIR).tables["purposes"].frame)
    csv.write_text(csv.read_text(encoding="utf-8").replace(f"{separator}25{separator}", f"{separator}125{separator}"),
                   encoding="utf-8")
    assert error_of(data).startswith("data/comptia-2012/purposes.csv:5: column share_pct:")


def test_line_numbers_count_the_blank_lines(data):
    csv = data / "purposes.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join(lines[:2] + ["", ""] + lines[2:]).replace(",25,", ",125,") + "\n", encoding="utf-8")
    assert error_of(data).startswith("data/comptia-2012/purposes.csv:6: column share_pct:")  # the file's own line 6


@pytest.mark.parametrize("edit_args, expected", [
    (("purposes.meta.yml", "adopters: 241", "adopters: null"), "bases.adopters is unknown (null) but data/comptia-2012/study.yml says 241."),
    (("purposes.meta.yml", "sources: [study, article]", "sources: [study, articel]"),
     "sources must list ids from data/comptia-2012/study.yml (got 'articel'). Fix: use one of: "),
])
def test_messages_never_show_a_python_value(data, edit_args, expected):
    name, old, new = edit_args
    edit(data / name, old, new)
    message = error_of(data)
    assert expected in message
    for python in ("None", "True", "False", "nan", "['", "np."):
        assert python not in message


def test_a_data_folder_without_a_study_says_how_to_start_one(tmp_path):
    from insights.generate import load_studies

    with pytest.raises(DataError) as info:
        load_studies(tmp_path)
    assert str(info.value) == ("data/: no study found. Fix: a study is a folder data/<study>/ with a study.yml; "
                               "run make new-study NAME=<study> to start one.")


@pytest.mark.parametrize("n, statement, message", [
    ("241", "    design_effect: 1.3\n    margin_of_error: 3.1\n", "give design_effect or margin_of_error, not both"),
    ("null", "    design_effect: 1.3\n", "design_effect needs the base's n"),
])
def test_a_base_states_its_margin_of_error_one_way(data, n, statement, message):
    study = data / "study.yml"
    study.write_text(study.read_text(encoding="utf-8").replace("  adopters:\n    n: 241\n", f"  adopters:\n    n: {n}\n{statement}"),
                     encoding="utf-8")
    assert message in error_of(data)
