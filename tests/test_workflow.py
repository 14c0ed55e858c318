"""The GitHub Pages workflow: valid YAML, least privilege, the official actions pinned, and the
same Makefile targets a maintainer runs."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def load() -> dict:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    flow["on"] = flow.pop(True, flow.get("on"))  # YAML 1.1 reads the key `on` as true
    return flow


def test_runs_on_a_push_to_main_and_by_hand():
    on = load()["on"]
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_least_privilege_and_one_deployment_at_a_time():
    flow = load()
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["group"]
    for name, job in flow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
            assert job["environment"]["name"] == "github-pages"
        else:
            assert "permissions" not in job, f"{name} may not widen the default"


def test_actions_are_official_and_pinned_to_a_major_version_or_a_commit():
    uses = [step["uses"] for job in load()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in uses} == {"actions/checkout", "actions/configure-pages",
                                                "actions/upload-pages-artifact", "actions/deploy-pages"}
    for use in uses:
        assert re.fullmatch(r"actions/[\w-]+@(v\d+|[0-9a-f]{40})", use), use


def test_tests_then_build_with_the_pages_address_and_the_reports_then_upload_site():
    steps = load()["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    test_at = next(i for i, r in enumerate(runs) if r.strip() == "bash .ci/run")
    build_at = next(i for i, r in enumerate(runs) if r.strip() == "make report")  # the site, with its PDFs
    configure_at = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/configure-pages"))
    upload_at = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert test_at < configure_at < build_at < upload_at
    assert steps[build_at]["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % steps[configure_at]["id"]
    assert steps[upload_at]["with"]["path"] == "site"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^build:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    report = re.search(r"^report:.*\n((?:\t.*\n)+)", makefile, re.M).group(1).split("\n")
    assert [line.strip() for line in report if line.strip()] == ["$(MAKE) build", "$(BIN)/python -m insights.report site", "$(MAKE) build"]
