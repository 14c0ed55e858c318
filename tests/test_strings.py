"""The French and English string catalogues have the same keys, and no empty text."""

from insights.strings import catalogue, keys


def test_catalogues_have_the_same_keys():
    fr, en = keys(catalogue("fr")), keys(catalogue("en"))
    assert fr - en == set(), "only in fr.yml"
    assert en - fr == set(), "only in en.yml"


def test_every_figure_has_a_title_and_a_takeaway_rule_in_both_languages():
    from insights.captions import TAKEAWAYS
    from insights.figures import FIGURES

    assert set(TAKEAWAYS) == set(FIGURES)
    for lang in ("fr", "en"):
        assert set(catalogue(lang)["figures"]) == set(FIGURES)
        for figure_id in FIGURES:
            assert catalogue(lang)["figures"][figure_id]["title"].strip()


def test_french_strings_use_narrow_no_break_spaces():
    for key in keys(catalogue("fr")):
        node = catalogue("fr")
        for part in key.split("."):
            node = node[part]
        assert " %" not in node and " ;" not in node and " :" not in node, key


def test_parity_finds_nothing_missing_in_the_real_site():
    from insights.parity import problems

    assert problems() == []
