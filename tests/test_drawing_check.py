"""The drawing check (insights.drawing.check): after vl-convert lays a chart out, its scenegraph must
show a mark per row and no text over another or off the drawing. A chart that fails it stops the
build (generate.render), naming the figure, language and layout."""

from __future__ import annotations

import copy
import re

import pytest
import vl_convert as vlc

from conftest import seed_figures
from insights.drawing import check, rows
from insights.figures import spec


@pytest.fixture(scope="module")
def platforms() -> dict:
    return spec(seed_figures()["platforms"], "en", "narrow")


def problems(chart: dict) -> list[str]:
    return check(vlc.vegalite_to_scenegraph(chart), rows(chart))


def test_a_good_chart_passes(platforms):
    assert rows(platforms) == 7
    assert problems(platforms) == []


def test_rows_drawn_on_one_place_are_caught(platforms):
    """The garbage of a breakdown drawn as grouped bars: every row on one band, labels stacked."""
    garbage = copy.deepcopy(platforms)
    for value in garbage["data"]["values"]:
        value["axis_label"] = "YouTube"
    found = problems(garbage)
    assert any("overlap" in p for p in found), found


def test_a_row_without_its_mark_is_caught(platforms):
    garbage = copy.deepcopy(platforms)
    del garbage["layer"][0]["encoding"]["description"]  # the bars lose their tooltip: no data-tip
    assert problems(garbage) == ["0 marks with a tooltip for 7 rows"]


def test_a_label_pushed_off_the_drawing_is_caught(platforms):
    garbage = copy.deepcopy(platforms)
    garbage["data"]["values"][0]["label_x"] = 3.0  # the direct label far past the axis
    squeezed = problems(garbage)  # fitted to its width, the chart squeezes its axis: its labels collide
    assert any("overlap" in p and "100%" in p for p in squeezed), squeezed
    garbage["autosize"] = "none"  # not fitted: the label leaves the drawing
    assert any("falls outside the drawing" in p and "82%" in p for p in problems(garbage))


def test_a_chart_that_fails_the_check_stops_the_build_naming_figure_language_and_layout(tmp_path):
    """Slivers of a 100 % bar: their share labels cannot all be written. Nothing is written."""
    import shutil
    from pathlib import Path

    from insights.data import DataError
    from insights.generate import generate

    fixture = Path(__file__).parent / "fixtures" / "remote-work" / "data"
    data = shutil.copytree(fixture, tmp_path / "data")
    (data / "remote-work-2024" / "work_mode.csv").write_text(
        "id,label_fr,label_en,share_pct,base\noffice,Au bureau,In the office,97,firms\n"
        "hybrid,Hybride,Hybrid,2,firms\nremote,À distance,Remote,1,firms\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        generate(data_dir=data, out_dir=tmp_path / "out", cache_dir=tmp_path / "store")
    lines = str(info.value).splitlines()
    assert lines and all(re.match(r"data/remote-work-2024/figures.yml:\d+: key fx-work-mode: its ", line) for line in lines)
    assert any("wide chart in fr fails the drawing check: the texts '2\u202f%' and '1\u202f%' overlap" in line
               for line in lines), lines
    assert not (tmp_path / "out").exists()
