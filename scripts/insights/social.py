"""What a page says about itself when it is shared: meta description, Open Graph and Twitter tags,
and a 1200×630 social card drawn at build time by vl-convert, with no network.

Everything is computed from the page as built: its title, its first paragraph (numbers already
filled in from data/, in the page's language) and its first figure, whose leading share the card
shows in large type ("82 %" in French, "82%" in English).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from insights import LANGUAGES, fmt, markup
from insights.languages import language

CARD_WIDTH, CARD_HEIGHT = 1200, 630
ACCENT = "#303fa1"  # Material's indigo, darkened: 9.4:1 on white
GREY = "#555555"  # 7.5:1 on white


@dataclass(frozen=True)
class Headline:
    """The number a card shows in large type, what it is, and the figure it comes from."""

    number: str
    label: str
    figure_title: str


def shorten(text: str, limit: int = 200) -> str:
    """At most `limit` characters, cut at a word, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def summary(content_html: str, enough: int = 140) -> str | None:
    """The opening of the page's content as plain text: its first paragraphs, until there are
    `enough` characters to say what the page is about."""
    text = ""
    for paragraph in markup.paragraphs(content_html):
        text = f"{text} {paragraph}".strip()
        if len(text) >= enough:
            break
    return text or None


def first_figure(elements: list[markup.Element]) -> str | None:
    """The id of the page's first figure drawn from data/ (its element: <figure id="fig-<id>">)."""
    for element in elements:
        if element.tag == "figure" and "insight-figure" in element.classes() and (element.attrs.get("id") or "").startswith("fig-"):
            return element.attrs["id"][len("fig-"):]
    return None


def headline(figure_id: str | None, lang: str, ctx) -> Headline | None:
    """The leading share of a page's first figure, for its card (ctx: generate.Context)."""
    if figure_id is None:
        return None
    rows = ctx.figures[figure_id].rows()
    if "share" not in rows:  # a list: no number to show
        return None
    row = rows.iloc[0]
    return Headline(fmt.percent(row["share"], lang), row[f"label_{lang}"], ctx.rendered[(figure_id, lang)].title)


def card_name(page_url: str, lang: str, default: str) -> str:
    """generated/cards/<page>-<lang>.png: 'en/platforms/' → platforms-en, '' → index-fr."""
    path = page_url.strip("/")
    if lang != default and (path == lang or path.startswith(lang + "/")):
        path = path[len(lang):].strip("/")
    return f"{path.replace('/', '-') or 'index'}-{lang}"


def _text(x: int, y: int, lines: list[str] | str, size: int, colour: str, bold: bool = False) -> dict:
    from insights.figures import FONT  # here: a build that draws no card never imports Altair's tables

    return {"mark": {"type": "text", "x": x, "y": y, "text": lines, "fontSize": size, "lineHeight": round(size * 1.2),
                     "fontWeight": "bold" if bold else "normal", "color": colour, "align": "left",
                     "baseline": "alphabetic", "font": FONT}}


def card_spec(site_name: str, title: str, text: str, address: str, number: Headline | None) -> dict:
    """The card as a Vega-Lite spec: site name, page title, then the page's leading number with
    what it measures, or the page's summary; the page's address at the foot. Sizes are pixels."""
    from insights.figures import PALETTE

    ink = PALETTE["ink"][0]
    title_lines = textwrap.wrap(title, 32)[:2]
    layers = [
        {"mark": {"type": "rect", "x": 0, "x2": 20, "y": 0, "y2": CARD_HEIGHT, "color": ACCENT}},
        _text(80, 92, site_name, 30, ACCENT, bold=True),
        _text(80, 178, title_lines, 58, ink, bold=True),
    ]
    top = 178 + 70 * len(title_lines) + 40
    if number:
        label = textwrap.wrap(number.label, 28)[:2]
        layers += [
            _text(80, top + 130, number.number, 150, PALETTE["blue"][0], bold=True),
            _text(520, top + 40, label, 38, ink, bold=True),
            _text(520, top + 40 + 46 * len(label), textwrap.wrap(number.figure_title, 38)[:3], 28, GREY),
        ]
    else:
        layers.append(_text(80, top + 20, textwrap.wrap(shorten(text, 240), 62)[:4], 30, GREY))
    layers.append(_text(80, CARD_HEIGHT - 44, address, 24, GREY))
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": CARD_WIDTH, "height": CARD_HEIGHT, "autosize": "none", "padding": 0, "background": "#ffffff",
        "config": {"view": {"stroke": None}},
        "data": {"values": [{}]},
        "layer": layers,
    }


def share_tags(*, title: str, description: str, url: str, image: str, image_alt: str, site_name: str,
               lang: str) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter tags as (attribute, its value, content), every URL absolute; the theme
    writes them (overrides/main.html), and the description from page.meta."""
    others = [language(code).og_locale for code in LANGUAGES if code != lang]
    return [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(CARD_WIDTH)),
        ("property", "og:image:height", str(CARD_HEIGHT)),
        ("property", "og:image:alt", image_alt),
        ("property", "og:locale", language(lang).og_locale),
        *(("property", "og:locale:alternate", other) for other in others),
        ("name", "twitter:card", "summary_large_image"),
    ]
