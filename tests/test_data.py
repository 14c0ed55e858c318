"""Loading and validation: the real data passes; each kind of bad CSV gives its named error."""

from __future__ import annotations

from pathlib import Path

import pytest


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
    survey = load_survey()
    shares = {name: dict(zip(t.frame["id"], t.frame["share_pct"])) for name, t in survey.tables.items() if "share_pct" in t.frame}
    assert shares["external_platforms"] == {"facebook": 82, "twitter": 68, "linkedin": 68}
    assert shares["internal_platforms"] == {"ibm_connections": 17, "chatter_or_yammer": 15, "jive": 7, "telligent": 4}
    assert shares["purposes"] == {"visibility": 56, "consumers": 48, "data_analysis": 25, "employees": 23}
    assert shares["awareness"] == {"adopters_unfamiliar": 10, "non_adopters_unaware": 68}
    assert list(survey.tables["barriers"].frame["id"]) == ["cost", "it_integration"]
    assert survey.n("adopters") == 241 and survey.n("non_adopters") is None


@pytest.mark.parametrize("file, old, new, expected", [
    ("purposes.csv", "Développer leur visibilité,Build their visibility,56", "Développer leur visibilité,Build their visibility,120",
     "data/purposes.csv:2: column share_pct: must be a whole number from 0 to 100 (got '120')"),
    ("purposes.csv", ",48,", ",-3,", "data/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '-3')"),
    ("purposes.csv", ",48,", ",forty,", "data/purposes.csv:3: column share_pct: must be a whole number (got 'forty')"),
    ("purposes.csv", ",48,", ",,", "data/purposes.csv:3: column share_pct: must be a whole number (got '')"),
    ("purposes.csv", "consumers,", "visibility,", "data/purposes.csv:3: column id: must be unique (got 'visibility')"),
    ("purposes.csv", "consumers,", "Consumers!,", "data/purposes.csv:3: column id: must be lowercase letters, digits or _"),
    ("purposes.csv", ",Communicate with consumers,", ",,", "data/purposes.csv:3: column label_en: must not be empty"),
    ("purposes.csv", "Communiquer avec le consommateur,", ",", "data/purposes.csv:3: column label_fr: must not be empty"),
    ("purposes.csv", "share_pct", "share", "data/purposes.csv:1: column share: unknown column"),
    ("purposes.csv", ",base\n", "\n", "data/purposes.csv:2: has 5 fields but the header has 4"),
    ("purposes.csv", ",48,adopters", ",48,adoptors", "data/purposes.csv:3: column base: must name a base defined in data/sources.yml (got 'adoptors')"),
    ("purposes.meta.yml", "title:\n  fr:", "title:\n  de:", "data/purposes.meta.yml: field title.fr is missing"),
    ("purposes.meta.yml", "sources: [study, article]", "sources: [study, [", "data/purposes.meta.yml:6: invalid YAML"),
    ("sources.yml", "n: 241", "n: -5", "data/sources.yml: bases.adopters.n must be a positive whole number or null"),
])
def test_bad_input_names_file_row_column_and_rule(data, file, old, new, expected):
    edit(data / file, old, new)
    assert expected in error_of(data)


def test_missing_and_empty_files(data):
    (data / "jive.csv").unlink(missing_ok=True)
    (data / "purposes.csv").unlink()
    assert "data/purposes.csv: file is missing" in error_of(data)
    (data / "purposes.csv").write_text("")
    assert "data/purposes.csv: file is empty" in error_of(data)


def test_non_utf8_file_is_refused_with_its_line(data):
    path = data / "purposes.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert "data/purposes.csv:2: must be UTF-8 text" in error_of(data)


def test_every_problem_is_reported_at_once(data):
    edit(data / "purposes.csv", ",48,", ",480,")
    edit(data / "external_platforms.csv", ",82,", ",x,")
    message = error_of(data)
    assert "data/purposes.csv:3" in message and "data/external_platforms.csv:2" in message
    assert len(message.splitlines()) == 2


def test_utf8_bom_is_accepted(data):
    path = data / "purposes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_survey(data).tables["purposes"].frame.columns[0] == "id"


def test_missing_column(data):
    path = data / "purposes.csv"
    path.write_text("".join(line.rsplit(",", 1)[0] + "\n" for line in path.read_text().splitlines()))
    assert "data/purposes.csv:1: column base: missing column" in error_of(data)
