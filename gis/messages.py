"""Messages the core shows a person: English text that the window can translate.

The core speaks English (the command line, the CSV reports and the tests read it as it is).
A message built with :func:`text` is a :class:`Text`: a ``str`` holding the English, formatted,
that also keeps its template and the values put into it, so that the Chinese window can look
the template up in its translations (``app.core_text.translate_core``) and put the values
into the translation. Values may be Texts themselves (a level, a school type, a label such
as "baseline"): they are translated too. Everything that treats a message as a ``str`` keeps
working; a message formatted into an f-string or joined with ``+`` becomes a plain ``str``,
so messages are composed with :func:`text`, never with f-strings.

Every template is a string literal at the call of :func:`text` (or :func:`word`), so that a
script can list them for the translators (``python -m app.core_text --write``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """An English message (the ``str`` itself) with its ``template`` and ``values``.

    ``str(Text(template, values)) == template.format(**values)``.
    """

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, values: Mapping[str, object] | None = None) -> Text:
        given = dict(values or {})
        self = super().__new__(cls, template.format(**given))
        self.template = template
        self.values = given
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled and copied with its template (a str subclass would otherwise be rebuilt from the English only).
        return (Text, (self.template, dict(self.values)))


def text(template: str, /, **values: object) -> Text:
    """The message of an English ``template`` with ``{name}`` fields filled from ``values``.

    Parameters
    ----------
    template
        A string literal (the translators' catalogue is read from the calls), with
        ``str.format`` fields such as ``{name}`` or ``{seats:,.0f}``.
    values
        The fields' values; a :class:`Text` among them is translated with the message.

    Returns
    -------
    The formatted English, as a :class:`Text`.
    """
    return Text(template, values)


def word(key: str) -> Text:
    """A word of the facts of :mod:`gis.schema` (a level, a school type, a road class) as a message.

    The English is the key itself (``primary``, ``teaching_point``); the catalogue lists every
    key of :mod:`gis.schema` that is a word.
    """
    return Text(key)
