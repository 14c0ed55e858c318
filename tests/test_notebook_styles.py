"""A notebook page keeps only the styles it uses (insights.notebooks.trim_styles)."""

from __future__ import annotations

from insights.cache import Store
from insights.notebooks import trim_styles

PAGE = """<html><head><style>
:root{--used:1px;--chained:var(--used);--unused:2px;--icon:url("data:image/svg+xml;base64,PHN2Zz4=")}
.a .b{margin:var(--chained)}
.a .missing, .b{color:red}
.gone{color:blue}
.a :is(.b:hover, .c){display:flex}
.a .icon{background:var(--icon)!important}
@media print{.gone{display:none}.b{display:none}}
@font-face{font-family:x;src:url(x.woff)}
</style></head><body class="a"><p class="b" style="padding:var(--inline)">x</p><i class="icon"></i></body></html>"""


def test_styles_keep_used_selectors_and_custom_properties_only():
    out = trim_styles(PAGE)
    css = out[out.index("<style>") + 7: out.index("</style>")]
    assert ".a .b{margin:var(--chained)}" in css
    assert ".b{color:red}" in css and ".missing" not in css  # one selector of a list dropped, not the rule
    assert ".gone" not in css
    assert ".a :is(.b:hover, .c){display:flex}" in css  # a comma inside :is() does not split the list
    assert "@media print{.b{display:none}}" in css
    assert "@font-face" in css
    assert "--used:1px" in css and "--chained:var(--used)" in css  # used through another property
    assert "--unused" not in css
    assert 'url("data:image/svg+xml;base64,PHN2Zz4=")' in css and "!important" in css
    assert out[out.index("</style>"):] == PAGE[PAGE.index("</style>"):]  # the page itself untouched


def test_a_stylesheet_is_parsed_once_and_kept_in_the_cache(tmp_path):
    store = Store("stylesheets", tmp_path)
    assert trim_styles(PAGE, store) == trim_styles(PAGE)
    kept = list(store.folder.iterdir())
    assert len(kept) == 1, "one style block, one entry"
    other = PAGE.replace('class="b"', 'class="gone"')  # another page with the same style block
    again = Store("stylesheets", tmp_path)
    assert trim_styles(other, again) == trim_styles(other) and again.used == set(kept)


def test_the_built_notebook_page_carries_a_fifth_of_the_stylesheet(site):
    html = (site / "en" / "analysis" / "index.html").read_text(encoding="utf-8")
    assert len(html) < 200_000, "JupyterLab's whole stylesheet (~570 kB) is back in the page"
    assert ".jupyter-wrapper .clipboard-copy-txt{display:none}" in html  # what hides the copy buffer
