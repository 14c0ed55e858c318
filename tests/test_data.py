"""Loading and validation of the real data (the bad inputs are in test_bad_inputs.py)."""

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


def test_every_problem_is_reported_at_once(data):
    edit(data / "purposes.csv", ",48,", ",480,")
    edit(data / "external_platforms.csv", ",82,", ",x,")
    message = error_of(data)
    assert "data/purposes.csv:3" in message and "data/external_platforms.csv:2" in message
    assert len(message.splitlines()) == 2
