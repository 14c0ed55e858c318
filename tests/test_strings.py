"""The French and English string catalogues have the same keys, and no empty text."""

from insights.strings import catalogue, keys


def test_catalogues_have_the_same_keys():
    fr, en = keys(catalogue("fr")), keys(catalogue("en"))
    assert fr - en == set(), "only in fr.yml"
    assert en - fr == set(), "only in en.yml"


def test_every_figure_has_title_and_description_in_both_languages():
    from insights.figures import FIGURES

    for lang in ("fr", "en"):
        for figure_id in FIGURES:
            texts = catalogue(lang)["figures"][figure_id]
            assert texts["title"].strip() and texts["description"].strip()
