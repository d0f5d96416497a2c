"""Messages of the core: a Text reads as the English f-string it replaced and keeps its template."""

from __future__ import annotations

import copy
import pickle

from gis.messages import Text, text, word


def test_text_is_the_formatted_english() -> None:
    message = text("new schools, {level} {group}: {sites} sites", level=word("primary"), group="grades_4_6", sites=3)
    assert message == "new schools, primary grades_4_6: 3 sites"
    assert isinstance(message, str) and isinstance(message, Text)
    assert message.template == "new schools, {level} {group}: {sites} sites"
    assert message.values["sites"] == 3
    assert isinstance(message.values["level"], Text) and message.values["level"].template == "primary"


def test_format_specs_are_kept() -> None:
    message = text("budget {amount:,.0f} 万元", amount=12345.6)
    assert message == "budget 12,346 万元"
    assert f"{message}!" == "budget 12,346 万元!"  # composed into an f-string: plain English


def test_text_survives_pickle_and_copy() -> None:
    message = text("{year}: {message}", year=2030, message=text("children projected"))
    for again in (pickle.loads(pickle.dumps(message)), copy.deepcopy(message), copy.copy(message)):
        assert again == "2030: children projected"
        assert isinstance(again, Text) and again.template == "{year}: {message}"
        assert again.values["message"].template == "children projected"


def test_text_is_a_str_everywhere() -> None:
    message = text("schools")
    assert message == "schools" and hash(message) == hash("schools")
    assert {"schools": 1}[message] == 1
    assert message.upper() == "SCHOOLS" and type(message.upper()) is str
