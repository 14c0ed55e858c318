"""make new-study: its refusals (the build itself is tested in test_fixture_study.py)."""

from __future__ import annotations

import shutil

import pytest

from insights.scaffold import ScaffoldError, add_to_nav, main, scaffold
from conftest import ROOT

from insights import DEFAULT_LANGUAGE, LANGUAGES


@pytest.fixture
def root(tmp_path):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    return tmp_path


def test_it_writes_the_study_and_its_pages_and_adds_the_page_to_the_nav(root):
    """What the scaffold wrote, whatever the site's nav held before (other studies included)."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    written = scaffold("acme-2026", root)
    pages = {"docs/acme-2026.md" if lang == DEFAULT_LANGUAGE else f"docs/acme-2026.{lang}.md" for lang in LANGUAGES}
    assert {p.relative_to(root).as_posix() for p in written} == {
        "data/acme-2026/study.yml", "data/acme-2026/answers.csv", "data/acme-2026/answers.meta.yml",
        "data/acme-2026/figures.yml", "data/acme-2026/values.yml", "mkdocs.yml", *pages}
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == config.rstrip("\n") + "\n  - acme-2026.md\n"
    assert "acme-2026-answers:" in (root / "data/acme-2026/figures.yml").read_text(encoding="utf-8")
    assert "{{" not in (root / "docs/acme-2026.en.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["Acme", "acme_2026", "2026-acme", "acme--x", ""])
def test_a_bad_name_is_refused_and_nothing_is_written(root, name, capsys):
    assert main([name, "--root", str(root)]) == 1
    assert capsys.readouterr().err == (f"error: study name {name!r}: must be lowercase letters and digits, joined by -, "
                                       "e.g. acme-2026. Fix: choose such a name.\n")
    assert not any((root / "data").iterdir())


def test_an_existing_study_is_never_overwritten(root, capsys):
    scaffold("acme-2026", root)
    before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert main(["acme-2026", "--root", str(root)]) == 1
    assert capsys.readouterr().err == ("error: data/acme-2026/study.yml already exists. Fix: choose another name, "
                                       "or remove the study's files first.\n")
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_the_nav_must_be_the_last_key_to_be_edited():
    assert add_to_nav("nav:\n  - index.md\n", "x.md") == "nav:\n  - index.md\n  - x.md\n"
    with pytest.raises(ScaffoldError, match="nav: is not the last key of mkdocs.yml. Fix: add '  - x.md' to it yourself."):
        add_to_nav("nav:\n  - index.md\nextra: 1\n", "x.md")
