"""Unit tests of the Content-Security-Policy the build writes and the one `mkdocs serve` sends
(no build, no browser: the browser checks are in test_csp.py and test_serve.py)."""

from __future__ import annotations

import base64
import hashlib
from html import unescape

from insights import serving, theme

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>p{color:red}</style></head>
<body><p style="margin:0">x</p><script>var site = 1;</script><script type="application/json">{}</script>
<script src="/a.js"></script></body></html>"""
RELOAD = "\nvar livereload = function(epoch, requestId) {};\nlivereload(17, 42);\n"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(page: str) -> dict[str, list[str]]:
    start = page.index('http-equiv="Content-Security-Policy" content="') + len('http-equiv="Content-Security-Policy" content="')
    policy = page[start:page.index('"', start)]
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def served(page: str, script: str) -> str:
    """What MkDocs' server sends: the page with its live-reload script before </body>."""
    return page.replace("</body>", f"<script>{script}</script></body>")


def test_the_built_policy_hashes_exactly_the_pages_inline_code():
    policy = directives(theme.add_csp(PAGE))
    assert policy["script-src"] == ["'self'", sha("var site = 1;")]  # not the JSON, not the external script
    assert policy["style-src"] == ["'self'", sha("p{color:red}"), "'unsafe-hashes'", sha("margin:0")]
    assert policy["default-src"] == ["'self'"] and "'unsafe-inline'" not in str(policy)


def test_served_pages_allow_the_live_reload_script_and_nothing_else():
    built = theme.add_csp(PAGE)
    page = theme.allow_live_reload(served(built, RELOAD))
    assert directives(page)["script-src"] == [*directives(built)["script-src"], sha(RELOAD)]
    other = theme.allow_live_reload(served(built, "alert(1)"))  # any other script stays refused
    assert directives(other) == directives(built)


def test_the_server_application_rewrites_html_only():
    built = theme.add_csp(PAGE)
    responses = {"/": ("text/html", served(built, RELOAD).encode()), "/a.js": ("application/javascript", b"x()")}

    def app(environ, start_response):
        kind, body = responses[environ["PATH_INFO"]]
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]

    wrapped = serving.live_reload_allowed(app)
    for path, (kind, body) in responses.items():
        sent = {}
        out = b"".join(wrapped({"PATH_INFO": path}, lambda status, headers, exc=None: sent.update(headers)))
        assert int(sent["Content-Length"]) == len(out)
        if kind == "text/html":
            assert sha(RELOAD) in directives(out.decode())["script-src"]
        else:
            assert out == body


def corpus_problems() -> list[str]:
    from pathlib import Path

    return [line for path in sorted((Path(__file__).parent / "bad_inputs").glob("*/expected.txt"))
            for line in path.read_text(encoding="utf-8").strip().splitlines()]


def test_every_problem_of_the_corpus_is_shown_in_every_language():
    """The serve banner speaks the page's language: the rule and the fix of each of the corpus's
    problems are translated (the file, line and key stay as they are)."""
    from insights import LANGUAGES
    from insights.strings import catalogue

    problems = corpus_problems()
    assert len(problems) >= 69
    for lang in LANGUAGES:
        if not catalogue(lang)["serve_error"]["problems"]:  # the language the build writes its problems in
            assert all(serving.localized(p, lang) == p for p in problems)
            continue
        for problem in problems:
            match = serving.PROBLEM.match(problem)
            assert match, problem
            for part in (match["rule"], match["fix"]):
                assert part is None or serving.translated(part, lang) is not None, (lang, part)
            shown = serving.localized(problem, lang)
            assert shown.startswith(match["where"]) and (match["name"] or "") in shown


def test_the_banner_shows_the_file_in_every_language_and_the_rest_in_the_pages():
    from html import unescape

    problem = "data/x/purposes.csv:3: column share_pct: must be a whole number (got '4.8'). Fix: write digits only, e.g. 82, without %."
    fr, en = (unescape(serving.error_banner([problem], lang, True)) for lang in ("fr", "en"))
    assert ("data/x/purposes.csv:3\u202f: colonne share_pct\u202f: doit être un nombre entier (ici '4.8'). "
            "Correction\u202f: n’écrivez que des chiffres, par exemple 82, sans le signe\u202f%.") in fr
    assert "Erreur dans les fichiers du site" in fr and "Error in the site's files" in en
    assert problem in en


def test_a_language_borrowing_texts_says_so_while_serving():
    from html import unescape

    assert serving.fallback_banner(0, "fr", "en") == ""
    note = unescape(serving.fallback_banner(12, "fr", "en"))
    assert "Textes non traduits" in note and "12 textes de data/" in note and "en anglais" in note and "label_fr" in note
    assert "12 texts of data/ are not in this language yet: the page shows them in French" in unescape(
        serving.fallback_banner(12, "en", "fr"))


def test_each_borrowed_text_is_marked_where_it_shows():
    content = ('<figcaption><span class="figure-title">External &amp; internal networks</span></figcaption>'
               '<table><tr><td>Facebook</td><td>  Yammer\n</td><td>Twitter</td></tr></table>'
               '<script>var t = "Facebook";</script><p title="Facebook">Facebook est partout</p>')
    marked = serving.mark_borrowed(content, {"External & internal networks", "Facebook", "Yammer"}, "en")
    assert marked.count('<mark class="borrowed" lang="en">') == 3
    assert '<span class="figure-title"><mark class="borrowed" lang="en">External &amp; internal networks</mark></span>' in marked
    assert '<td>  <mark class="borrowed" lang="en">Yammer</mark>\n</td>' in marked and "<td>Twitter</td>" in marked
    assert 'var t = "Facebook"' in marked and 'title="Facebook">Facebook est partout' in marked  # code, attributes, other words


def test_a_served_page_marks_the_texts_its_language_borrows_and_counts_them(tmp_path):
    """The engine alone, without MkDocs: a page's content while serving, in a language whose data
    texts partly come from its fallback."""
    from types import SimpleNamespace

    from insights.build import Build, PageInfo, SiteInfo
    from insights.cache import Store

    context = SimpleNamespace(key="inputs", fallbacks=("en→fr→Réseaux sociaux", "en→fr→Intranet"))
    build = Build(SiteInfo("https://site.test/", "Site", "About", tmp_path / "site", tmp_path / "docs"), serving=True,
                  context=context, stores={kind: Store(kind, tmp_path) for kind in ("pages", "content", "html")})
    page = PageInfo("en", "index.en.md", "en/", "https://site.test/en/", "Home")
    html, meta = build.content(page, "<h1>Home</h1><p>Réseaux sociaux</p><p>Intranets</p>")
    assert '<p><mark class="borrowed" lang="fr">Réseaux sociaux</mark></p><p>Intranets</p>' in html
    assert "2 texts of data/ are not in this language yet" in unescape(meta["notes"])
