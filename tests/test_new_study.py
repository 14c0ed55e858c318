"""A study added as CONTRIBUTING.md says, and nothing else: `make new-study` (insights.scaffold), then
its study.yml, tables, figures.yml, values.yml and pages filled with a breakdown by subgroup, a trend
across waves and a declared change, as the guide's worked examples show. The copy then builds, and
the suite's own checks of studies, pages, data packages and notebooks pass on it, with no file under
tests/ edited."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, project_copy, run_mkdocs_build

pytestmark = pytest.mark.slow  # builds a site and runs part of the suite on it
FIXTURE = ROOT / "tests" / "fixtures" / "remote-work" / "data" / "remote-work-2024"
STUDY = "acme-2027"


def add_study(project: Path) -> None:
    """The guide's steps, as a maintainer follows them."""
    from insights.scaffold import scaffold

    scaffold(STUDY, project)  # step 1: make new-study NAME=acme-2027
    data = project / "data" / STUDY
    study = data / "study.yml"  # step 2: the bases, each group and each wave with its n (and dates)
    waves = "".join(f"  w{y}:\n    n: {n}\n    label: {{fr: Vague {y}, en: {y} wave}}\n"
                    f"    who: {{fr: entreprises interrogées en {y}, en: firms surveyed in {y}}}\n"
                    f"    fielded: {{start: {y}, end: {y}}}\n" for y, n in ((2022, 410), (2023, 395), (2024, 420)))
    groups = "".join(f"  {g}:\n    n: {n}\n    label: {{fr: {fr}, en: {en}}}\n    who: {{fr: {fr}, en: {en}}}\n"
                     for g, n, fr, en in (("small", 90, "Petites", "Small"), ("mid", 60, "Moyennes", "Mid-sized"),
                                          ("large", 30, "Grandes", "Large")))
    study.write_text(study.read_text(encoding="utf-8") + groups + waves, encoding="utf-8")
    for name, bases in (("tools_by_size", "small: 90\n  mid: 60\n  large: 30"),
                        ("home_working", "w2022: 410\n  w2023: 395\n  w2024: 420")):  # step 3: the tables
        rows = [line for line in (FIXTURE / f"{name}.csv").read_text(encoding="utf-8").splitlines()
                if not any(f",w{y}" in line for y in (2019, 2020, 2021))]
        (data / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        meta = (FIXTURE / f"{name}.meta.yml").read_text(encoding="utf-8").replace("sources: [fixture]", "sources: [report]")
        start, end = meta.index("bases:\n") + len("bases:\n  "), meta.index("\nquestion:")
        (data / f"{name}.meta.yml").write_text(meta[:start] + bases + meta[end:], encoding="utf-8")
    figures = data / "figures.yml"  # step 4: the figures, as the worked examples declare them
    figures.write_text(figures.read_text(encoding="utf-8") + """
acme-tools-by-size:
  type: breakdown
  data: [tools_by_size]
  title: {fr: "Outils utilisés, selon la taille de l'entreprise", en: "Tools used, by firm size"}
  axis: {fr: Part des entreprises du groupe, en: Share of the group's firms}
  takeaway: {rule: groups, item: wiki}
acme-home-trend:
  type: trend
  data: [home_working]
  title: {fr: "Le travail à domicile", en: "Working from home"}
  axis: {fr: Part des entreprises, en: Share of firms}
  takeaway: {rule: trend}
""", encoding="utf-8")
    values = data / "values.yml"  # step 6: the declared change
    values.write_text(values.read_text(encoding="utf-8")
                      + "home.change: {gap: [home_working.home_most.w2024, home_working.home_most.w2022]}\n", encoding="utf-8")
    for page in (f"{STUDY}.md", f"{STUDY}.en.md"):  # step 5: the pages
        path = project / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + "\n<!-- figure: acme-tools-by-size -->\n\n"
                        "<!-- figure: acme-home-trend -->\n\nChange: <!-- value: acme-2027.home.change --> "
                        "(<!-- value: acme-2027.home.change.ci -->).\n", encoding="utf-8")


def test_a_study_added_through_the_guide_builds_and_passes_the_checks(tmp_path):
    project = project_copy(tmp_path / "project")
    shutil.copytree(ROOT / "tests", project / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / ".github", project / ".github")  # the guide and its pictures, which tests read
    shutil.copy2(ROOT / "CONTRIBUTING.md", project)
    before = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "tests").rglob("*") if p.is_file()}
    add_study(project)
    result = run_mkdocs_build(tmp_path / "site", config=project / "mkdocs.yml", env={"PYTHONPATH": str(project / "scripts")})
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "en" / STUDY / "index.html").read_text(encoding="utf-8")
    assert 'id="fig-acme-tools-by-size"' in page and 'id="fig-acme-home-trend"' in page
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    modules = ["tests/test_study.py", "tests/test_data.py", "tests/test_strings.py", "tests/test_engine.py",
               "tests/test_package.py", "tests/test_scaffold.py", "tests/test_notebook.py", "tests/test_contributing.py",
               "tests/test_seed_site.py"]
    checks = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *modules], cwd=project,
                            env=env, capture_output=True, text=True)
    (tmp_path / "checks.log").write_text(checks.stdout)
    assert checks.returncode == 0, checks.stdout[-4000:]
    after = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "tests").rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before  # no file under tests/ edited
