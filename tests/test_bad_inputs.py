"""The corpus in tests/bad_inputs/: what a maintainer editing data, pages or texts by hand gets wrong.

Each case is a folder whose files replace those of a copy of data/ (or docs/, scripts/); a file named
`x.delete` removes `x`. `expected.txt` holds the exact message. Every case must stop the build
with that message, exit non-zero, show no traceback, and leave the generated files untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_DIR, ROOT, project_copy, run_mkdocs_build

from insights.cache import STORE
from insights import DATA_DIR
from insights.data import load_survey
from insights.generate import main

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
DATA_CASES = [c for c in CASES if (c / "data").is_dir()]
PAGE_CASES = [c for c in CASES if (c / "docs").is_dir() or (c / "scripts").is_dir()]  # found by mkdocs build


def overlay(case: Path, root: Path) -> None:
    for source in sorted(p for p in case.rglob("*") if p.is_file() and p.name != "expected.txt"):
        target = root / source.relative_to(case)
        if source.name.endswith(".delete"):
            target.with_name(source.name.removesuffix(".delete")).unlink()
        else:
            shutil.copyfile(source, target)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("good") / "out"
    assert main(["--out", str(out)]) == 0
    return out


def test_the_corpus_covers_at_least_25_cases():
    assert len(CASES) >= 25
    assert all((c / "expected.txt").read_text().strip() for c in CASES)


@pytest.mark.parametrize("case", DATA_CASES, ids=lambda c: c.name)
def test_bad_data_stops_with_its_message_and_loses_nothing(case, tmp_path, good_output, capsys):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    overlay(case, tmp_path)
    out = tmp_path / "out"
    shutil.copytree(good_output, out)
    before = snapshot(out)

    code = main(["--data", str(tmp_path / "data"), "--out", str(out), "--cache", str(STORE)])

    err = capsys.readouterr().err
    assert code == 1
    assert err == (case / "expected.txt").read_text()
    assert "Traceback" not in err
    assert snapshot(out) == before


def test_as_a_command_the_exit_code_is_1_and_a_traceback_only_with_debug(tmp_path):
    case = CORPUS / "value-above-100"
    shutil.copytree(DATA_DIR, tmp_path / "data")
    overlay(case, tmp_path)
    command = [sys.executable, "-m", "insights.generate", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    plain = subprocess.run(command, capture_output=True, text=True, env=env)
    assert plain.returncode == 1
    assert plain.stderr == (case / "expected.txt").read_text()
    debug = subprocess.run([*command, "--debug"], capture_output=True, text=True, env=env)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "DataError" in debug.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # a whole build
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_a_bad_page_marker_stops_the_build_naming_page_and_line(case, tmp_path):
    project = project_copy(tmp_path / "project")
    overlay(case, project)
    result = run_mkdocs_build(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    assert (case / "expected.txt").read_text().strip() in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("transform", [
    pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="utf-8-bom"),
    pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
    pytest.param(lambda b: b + b"\n\n\n", id="trailing-blank-lines"),
    pytest.param(lambda b: b + b",,,,\n" * 3 if b.count(b"\n") and b.split(b"\n")[0].count(b",") == 4 else b + b",,\n",
                 id="rows-of-empty-cells"),
    pytest.param(lambda b: b.replace(b",", b" , "), id="spaces-around-cells"),
])
def test_what_can_be_read_safely_is_accepted(data, transform):
    for csv in data.glob("*.csv"):
        csv.write_bytes(transform(csv.read_bytes()))
    survey, reference = load_survey(data), load_survey(SEED_DIR)
    for name, table in reference.tables.items():
        assert survey.tables[name].frame.equals(table.frame), name
