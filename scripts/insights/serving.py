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

import logging
from collections.abc import Callable, Iterable

from insights import theme

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
