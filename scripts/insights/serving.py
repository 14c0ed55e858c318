"""What `mkdocs serve` needs beyond a build: the live-reload script allowed by each page's
Content-Security-Policy, and a terminal that shows the build's own lines.

MkDocs' server adds its live-reload script to every HTML page it sends, inline, with a text that
changes with each response (the site's version and a request id). A built page's policy allows
only the inline scripts it was built with, so the browser refused that script and the page never
reloaded. The server's application is wrapped (WSGI's public `get_app`/`set_app`) so that each
HTML response's policy also lists that one script's hash: theme.allow_live_reload. Published
builds never pass through here and keep their policy unchanged.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Iterable

from insights import markup, theme
from insights.site import text
from insights.strings import catalogue

# Other packages' INFO lines: a rebuild printed about 17 of them, one a 400-character dump of the
# theme's palette. Shown again with `mkdocs serve --verbose`.
OTHER_LOGGERS = ("mkdocs.plugins.mkdocs_static_i18n", "mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter",
                 "mkdocs.plugins.material")


def quiet_other_packages() -> None:
    """Lower other packages' loggers to WARNING, unless MkDocs was asked to be verbose."""
    if logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG:
        return
    for name in OTHER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


App = Callable[[dict, Callable], Iterable[bytes]]


def live_reload_allowed(app: App) -> App:
    """The server's WSGI application, with each HTML page's policy allowing the live-reload script."""

    def serve(environ, start_response):
        started: list = []

        def start(status, headers, exc_info=None):
            started[:] = [status, headers, exc_info]
            return lambda data: None  # the write() callable: MkDocs' server does not use it

        body = app(environ, start)
        status, headers, exc_info = started
        if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            start_response(status, headers, exc_info)
            return body
        try:
            page = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        page = theme.allow_live_reload(page.decode("utf-8")).encode("utf-8")
        headers = [(k, str(len(page)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status, headers, exc_info)
        return [page]

    return serve


# A problem as the build reports it: "<file>[:<line>]: [column|key|marker <name>: ]<rule>. Fix: <fix>."
PROBLEM = re.compile(r"^(?P<where>\S+?): (?:(?P<kind>column|key|marker) (?P<name>[^:\s]+): )?(?P<rule>.*?)"
                     r"(?:\. Fix: (?P<fix>.*?))?[.?]?$")


@functools.cache
def _templates(lang: str) -> list[tuple[re.Pattern, str]]:
    """strings/<lang>.yml's problems: each English rule or fix as a pattern, and its translation."""
    out = []
    for english, translated in catalogue(lang)["serve_error"]["problems"]:
        pattern = re.sub(r"\\\{(\d)\\\}", r"(?P<p\1>.+?)", re.escape(english))
        out.append((re.compile(f"^{pattern}$"), re.sub(r"\{(\d)\}", r"\\g<p\1>", translated.replace("\\", "\\\\"))))
    return out


def translated(part: str, lang: str) -> str | None:
    """A rule or a fix in `lang`, or None if its catalogue has no translation of it."""
    for pattern, template in _templates(lang):
        if match := pattern.match(part):
            return match.expand(template)
    return None


def localized(problem: str, lang: str) -> str:
    """A problem in the page's language: the file, line and key as they are, the rule and the fix
    translated (left in English where the catalogue has no translation)."""
    words, match = catalogue(lang)["serve_error"]["words"], PROBLEM.match(problem)
    if match is None or (not catalogue(lang)["serve_error"]["problems"]):
        return problem
    colon = words["colon"]
    out = match["where"] + colon
    if match["kind"]:
        out += f'{words[match["kind"]]} {match["name"]}{colon}'
    out += translated(match["rule"], lang) or match["rule"]
    if match["fix"]:
        fix = translated(match["fix"], lang) or match["fix"]
        out += f'. {words["fix"]}{colon}{fix}'
    return out if out.endswith("?") else out + "."


def note(kind: str, name: str, role: str, title: str, body: str) -> str:
    """A note at the top of a page (a theme admonition); `title` is text, `body` is HTML."""
    return (f'<div class="admonition {kind} {name}" role="{role}"><p class="admonition-title">{text(title)}</p>'
            f"{body}</div>")


def fallback_banner(count: int, lang: str, other: str) -> str:
    """While serving: a page in a language that shows `count` data texts in `other`, its fallback."""
    if not count:
        return ""
    from insights.languages import language

    words = catalogue(lang)["fallback_note"]
    body = words["body"].format(count=count, other=language(lang).name_of(other), lang=lang)
    return note("info", "fallback-note", "status", words["title"], f"<p>{text(body)}</p>")


def mark_borrowed(content_html: str, texts: set[str], other: str) -> str:
    """While serving: each text of the page that its language takes from `other` (its fallback),
    marked where it shows (a dotted outline, site.css), in that language for screen readers."""
    changes = []
    for start, end in markup.text_nodes(content_html):
        raw = content_html[start:end]
        if " ".join(html.unescape(raw).split()) in texts:
            body = raw.strip()
            at = start + len(raw) - len(raw.lstrip())
            changes.append((at, at + len(body), f'<mark class="borrowed" lang="{other}">{body}</mark>'))
    return markup.edit(content_html, changes)


def error_banner(problems: list[str], lang: str, has_data: bool) -> str:
    """While serving: what is wrong, at the top of the page, in the page's language."""
    if not problems:
        return ""
    words = catalogue(lang)["serve_error"]
    items = "".join(f"<li><code>{text(localized(p, lang))}</code></li>" for p in problems)
    body = words["body"] if has_data else words["body_no_data"]
    return note("failure", "serve-error", "alert", words["title"], f"<ul>{items}</ul><p>{text(body)}</p>")
