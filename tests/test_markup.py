"""Rendered HTML is read and changed through an HTML parser (insights.markup), and a correction whose
element the theme stops emitting is an error, not a silent no-op (insights.theme)."""

from __future__ import annotations

import json

import pytest

from insights import markup, theme
from insights.languages import language

PAGE = """<!doctype html>
<html lang="en"><head>
  <meta charset="utf-8">
  <link rel="alternate" href="../platforms/" hreflang="fr">
  <link rel="alternate" type="application/rss+xml" href="feed.xml">
  <style>a > b { color: red }</style>
</head><body>
<header class="md-header"><div class="md-search" data-md-component="search" role="dialog"></div></header>
<p class="admonition-title">Note</p><p>First <em>one</em>,
  then</p><p>second &amp; last</p>
<script id="__config" type="application/json">{"base": "..", "search": "assets/javascripts/workers/search.js"}</script>
<script>if (a < b && c > d) { x = "</p>" }</script>
</body></html>"""


def test_elements_sit_where_the_page_has_them():
    found = markup.elements(PAGE)
    for element in found:
        assert PAGE[element.start:element.end] == element.raw
        assert element.raw.startswith("<" + element.tag)
    style = next(e for e in found if e.tag == "style")
    assert style.content(PAGE) == "a > b { color: red }"
    script = [e for e in found if e.tag == "script"][-1]
    assert script.content(PAGE) == 'if (a < b && c > d) { x = "</p>" }'
    assert [e.tag for e in found].count("p") == 3  # the "</p>" inside the script is text


def test_edits_apply_in_place_and_refuse_to_overlap():
    assert markup.edit("abcdef", [(4, 5, "E"), (0, 1, "A")]) == "AbcdEf"
    with pytest.raises(ValueError, match="overlapping"):
        markup.edit("abcdef", [(0, 3, ""), (2, 4, "")])


def test_paragraphs_are_plain_ones_with_their_text():
    assert markup.paragraphs(PAGE) == ["First one, then", "second & last"]


def test_the_page_correction_names_search_and_keeps_feeds():
    fixed = theme.fix_page(PAGE, "en", "fr")
    assert 'hreflang="fr"' not in fixed and 'type="application/rss+xml"' in fixed
    dialog = next(e for e in markup.elements(fixed) if e.attrs.get("role") == "dialog")
    assert dialog.attrs["aria-label"] == language("en").search
    config = next(e for e in markup.elements(fixed) if e.attrs.get("id") == "__config")
    assert json.loads(config.content(fixed))["search"].endswith("search-folding.js?theme=search.js")


@pytest.mark.parametrize("gone", ['<script id="__config" type="application/json">',
                                  '<div class="md-search" data-md-component="search" role="dialog">'])
def test_a_theme_that_stops_emitting_what_we_correct_stops_the_build(gone):
    page = PAGE.replace(gone, gone.replace("__config", "other").replace('role="dialog"', ""))
    with pytest.raises(theme.ThemeChanged, match="any more"):
        theme.fix_page(page, "en", "fr")


def test_links_in_the_content_carry_their_address_for_print():
    content = ('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>'
               '<p><a href="../data/?x=1&amp;y=2">data</a> <a href="#a">here</a> <a href="https://example.org/">out</a></p>')
    printed = {e.attrs["href"]: e.attrs.get("data-print-url")
               for e in markup.elements(theme.print_urls(content, "https://site.test/en/platforms/")) if e.tag == "a"}
    assert printed == {"#a": None, "../data/?x=1&y=2": "https://site.test/en/data/?x=1&y=2",
                       "https://example.org/": "https://example.org/"}


def test_typography_leaves_code_as_written_even_where_its_tag_is_not_code():
    """A notebook's hidden copy of a cell (what its copy button pastes) keeps its straight
    apostrophes; the text around it gets the language's."""
    from insights.languages import language

    page = ("<p>l'article</p><div class=\"clipboard-copy-txt\" id=\"cell-1\"># the notebook's code\n"
            "<div>x = 'a'</div></div><p>d'abord</p><pre>it's</pre>")
    out = markup.typeset(page, language("fr").typeset)
    assert "l’article" in out and "d’abord" in out
    assert "# the notebook's code" in out and "x = 'a'" in out and "<pre>it's</pre>" in out
