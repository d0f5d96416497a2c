"""The core's messages in the window's language.

The core (``gis/``) speaks English; its messages are :class:`gis.messages.Text` objects that
keep their template and values. :func:`translate_core` looks the template up in the
translations of the context ``core`` (``app/i18n/core_zh_CN.ts``, installed beside the
window's own by :func:`app.i18n.install_language`) and fills in the values, translated in
turn when they are Texts (a level, a school type, a label). Safe to call in a worker thread.

The translators' catalogue, ``app/i18n/core_catalogue.py``, lists every template of the core
as ``QT_TRANSLATE_NOOP("core", ...)`` lines for ``pyside6-lupdate``. It is made from the
sources by ``python -m app.core_text --write`` (run by ``make translations``), and a test
fails when it is out of date. It lives in ``app/i18n/`` so that the window's own translation
source (made from ``app/*.py``) does not list the core's templates.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gis.messages import Text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gis.errors import Problem
    from gis.importing.report import Finding

CONTEXT = "core"
ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "app" / "i18n" / "core_catalogue.py"
# Names of the core's calls whose first argument is a template.
_MAKERS = ("text", "word")


def translate_core(message: object) -> str:
    """A message of the core in the installed language.

    Parameters
    ----------
    message
        A :class:`gis.messages.Text` (its template translated, then filled with its values,
        each value that is a Text translated too), a plain ``str`` (translated whole if the
        catalogue has it, else shown as it is) or anything else (shown with ``str``).

    Returns
    -------
    The message to show. A translation whose fields do not fit the values gives the English.
    """
    if isinstance(message, Text):
        template = QCoreApplication.translate(CONTEXT, message.template)
        values = {key: translate_core(v) if isinstance(v, Text) else v for key, v in message.values.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return str(message)
    if isinstance(message, str):
        return QCoreApplication.translate(CONTEXT, message) if message else message
    return str(message)


def problem_text(problem: Problem) -> str:
    """One :class:`gis.errors.Problem` as a line in the installed language (as ``str(problem)`` in English)."""
    where = [
        part
        for part in (
            problem.file,
            _tr("layer {layer}").format(layer=_shown(problem.layer)) if problem.layer else "",
            _feature(problem.feature),
            _tr("field {field}").format(field=_shown(problem.field)) if problem.field else "",
        )
        if part
    ]
    line = translate_core(problem.message)
    if where:
        line = _tr("{where}: {message}").format(where=_tr(", ").join(where), message=line)
    if problem.value:
        line += _tr(" (value: {value})").format(value=problem.value)
    if problem.fix:
        line += _tr("; {fix}").format(fix=translate_core(problem.fix))
    return line


def error_text(exc: BaseException) -> str:
    """The message of one of SchoolPlan's errors in the installed language.

    An :class:`gis.errors.InputError` gives one line per problem (:func:`problem_text`);
    another error whose message is a :class:`gis.messages.Text` is translated; any other
    error is ``str(exc)``.
    """
    from gis.errors import InputError

    if isinstance(exc, InputError):
        return "\n".join(problem_text(problem) for problem in exc.problems)
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return translate_core(exc.args[0])
    return str(exc)


def finding_texts(finding: Finding) -> tuple[str, str, str]:
    """The place in the file (``row 3``), the problem and the fix of a line of an import report,
    in the installed language (the file, the field and the value are shown as they are)."""
    return _shown(finding.where), translate_core(finding.problem), translate_core(finding.fix)


def _feature(feature: str) -> str:
    # A place the core worded itself ("row 3", "feature 5") says what it is; a code or label gets the word.
    if isinstance(feature, Text):
        return translate_core(feature)
    return _tr("feature {feature}").format(feature=feature) if feature else ""


def _shown(part: str) -> str:
    """A part of a location: translated if the core made it a message (``row 3``), else as it is (a field's code)."""
    return translate_core(part) if isinstance(part, Text) else part


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


# The words the window adds around the core's messages (problem_text): in the catalogue too.
FRAME = (
    "layer {layer}",
    "feature {feature}",
    "field {field}",
    "{where}: {message}",
    ", ",
    " (value: {value})",
    "; {fix}",
)


def dynamic_words() -> tuple[str, ...]:
    """The words the core passes to :func:`gis.messages.word` from its facts, not as literals.

    Levels and school types (:mod:`gis.schema`), the groups of grades an
    analysis routes (:data:`gis.locate.problem.GROUPS`) and the terms of the plan's objective
    (:data:`gis.plan.model.TERMS`, and ``weighted``), the variants of the births
    (:data:`gis.standards.BIRTH_VARIANTS`).
    """
    from gis.locate.problem import GROUPS
    from gis.plan.model import TERMS
    from gis.schema import LEVELS, SCHOOL_TYPES
    from gis.standards import BIRTH_VARIANTS

    return (*LEVELS, *SCHOOL_TYPES, *GROUPS, *TERMS, "weighted", *BIRTH_VARIANTS)


def templates_in_sources(paths: Iterable[Path]) -> list[str]:
    """Every template given as a string literal to ``text(...)`` or ``word(...)`` in the sources, in order, once."""
    found: dict[str, None] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _MAKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, None)
    return list(found)


def catalogue_templates() -> list[str]:
    """Every template the catalogue must hold: the core's, its fact words and the window's frame, once each."""
    sources = sorted((ROOT / "gis").rglob("*.py"))
    return list(dict.fromkeys([*templates_in_sources(sources), *dynamic_words(), *FRAME]))


def catalogue_source(templates: Iterable[str]) -> str:
    """The text of the catalogue module for ``templates``."""
    lines = [
        '"""Every message template of the core, for pyside6-lupdate (context ``core``).',
        "",
        "Made by ``python -m app.core_text --write`` from the sources of ``gis/``: do not edit.",
        '"""',
        "",
        "from app.labels import QT_TRANSLATE_NOOP",
        "",
        "TEMPLATES = (",
        *(f'    QT_TRANSLATE_NOOP("core", {_literal(template)}),' for template in templates),
        ")",
        "",
    ]
    return "\n".join(lines)


def _literal(template: str) -> str:
    """A double-quoted Python literal (lupdate reads double-quoted strings)."""
    return '"' + template.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(argv: list[str] | None = None) -> int:
    """``python -m app.core_text --write`` rewrites the catalogue; ``--check`` says whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    wanted = catalogue_source(catalogue_templates())
    if args == ["--write"]:
        CATALOGUE.write_text(wanted, encoding="utf-8")
        return 0
    if args == ["--check"]:
        current = CATALOGUE.read_text(encoding="utf-8") if CATALOGUE.exists() else ""
        if current != wanted:
            print(f"{CATALOGUE} is out of date: run python -m app.core_text --write", file=sys.stderr)
            return 1
        return 0
    print("usage: python -m app.core_text --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
