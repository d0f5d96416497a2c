"""The glossary of output words: every term in Chinese, looked up by key and language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.glossary import LANGUAGES, TERMS, find, term, words
from layers.qgis_styles import layer_qml
from layers.style import SCHOOL_FLAG_LABELS, travel_time_labels

FIELD = re.compile(r"\{(\w*)\}")


def test_every_term_has_chinese_and_the_same_fields_in_both_languages() -> None:
    for key, found in TERMS.items():
        assert re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_.]+", key), key
        assert found.zh.strip(), key
        if found.en is not None:
            assert found.en.strip(), key
            assert sorted(FIELD.findall(found.zh)) == sorted(FIELD.findall(found.en)), key


def test_lookups() -> None:
    assert term("road.county", "zh") == "县道" and term("road.county", "en") == "County road"
    assert find("action.close", "en") is None  # no English word: the workbook shows the key
    assert find("no.such_term", "zh") is None
    with pytest.raises(KeyError, match=r"action\.close"):
        term("action.close", "en")
    with pytest.raises(ValueError, match="language"):
        term("road.county", "fr")
    assert words("en", "road") == {
        "county": "County road",
        "township": "Township road",
        "village": "Village road",
        "path": "Path",
    }
    assert set(words("zh")) == set(TERMS)
    assert LANGUAGES == ("zh", "en")


def test_travel_time_classes_in_both_languages() -> None:
    assert travel_time_labels("en") == ["0–15 min", "15–30 min", "30–45 min", "45–60 min", "60–90 min", "over 90 min"]
    assert travel_time_labels("zh") == ["0–15分钟", "15–30分钟", "30–45分钟", "45–60分钟", "60–90分钟", "90分钟以上"]


def test_the_window_keeps_its_english_flag_words() -> None:
    assert SCHOOL_FLAG_LABELS == {
        "overcrowded": "Overcrowded",
        "under_100": "Under 100 pupils",
        "teaching_point": "Teaching point",
        "boarding": "Boarding",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_school_type_has_one_word_in_every_output(language: str) -> None:
    """The QGIS style names a school type as the printed map's and the HTML map's legends do."""
    kinds = ["primary", "junior", "nine_year", "teaching_point"]
    schools = gpd.GeoDataFrame({"type": kinds}, geometry=[Point(0, i) for i in range(4)], crs="EPSG:4545")
    qml = layer_qml({"schools": schools}, language=language)["schools"]
    labels = {c.get("value"): c.get("label") for c in ET.fromstring(qml).iter("category")}
    assert labels == {kind: term(f"school.{kind}", language) for kind in kinds}
