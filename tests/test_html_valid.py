"""The built site through the Nu HTML Checker (npm vnu-jar, run with the machine's Java):
no error from our own pages, templates or generated figures; the theme's and plugins' own
errors are listed, with their reasons, in tests/vnu-allowlist.yml."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = yaml.safe_load((Path(__file__).parent / "vnu-allowlist.yml").read_text(encoding="utf-8"))


def test_no_html_error_of_our_own(site):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs default-jre-headless)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    assert result.returncode in (0, 1), result.stderr[-500:]  # 1: errors were found (sorted out below)

    used, ours = set(), []
    for message in messages:
        page = message["url"].split(str(site) + "/", 1)[-1]
        entry = next((i for i, e in enumerate(ALLOWLIST)
                      if re.search(e["message"], message["message"]) and re.fullmatch(e["pages"], page)), None)
        if entry is None:
            ours.append(f"{page}:{message.get('lastLine')}: {message['message']}")
        else:
            used.add(entry)
    assert ours == []
    assert used == set(range(len(ALLOWLIST))), "an allowlist entry no longer matches anything: remove it"
