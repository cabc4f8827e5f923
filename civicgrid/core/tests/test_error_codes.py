"""A refusal's code is a member of an enum (core.errors.ErrorCode or its app's own), never a
free string: clients read codes, so each is written once and a typo cannot invent a new one.
The guard reads the source: a ``code="word"`` argument to any call (a refusal or a helper that
makes one), a ``code = "word"`` on a refusal's class, a comparison of a caught refusal's ``.code`` with a word."""

from __future__ import annotations

import ast
import re
from enum import StrEnum
from pathlib import Path

import pytest

from civicgrid.core.errors import DomainError, ErrorCode, NotFound

ROOT = Path(__file__).resolve().parents[2]


def _production_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & {"tests", "migrations"}:
            yield path


# Calls whose ``code`` is not a refusal's: Django's own validation (a form's vocabulary) and the
# ORM's look-ups of a row by its code.
NOT_REFUSALS = {"ValidationError", "get", "filter", "exclude", "create", "get_or_create"}


def _refusals() -> set[str]:
    """The names of DomainError and every subclass the apps define."""
    names, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _is_refusal_code(node: ast.expr) -> bool:
    """``exc.code`` (or ``error.code`` …): the code of a caught refusal."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "code"
        and _name(node.value) in {"exc", "error", "err", "e", "first", "problem", "refusal"}
    )


def _is_text(node: ast.expr | None) -> bool:
    """A string literal written as a refusal's code is: a snake_case word ("required"). The
    codes of places and classes ("310106", "AP006") are not words, and are not refusals'."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"[a-z][a-z_]*", node.value) is not None
    )


def _free_codes(source: str, where: str, refusals: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) not in NOT_REFUSALS:
            found += [
                f"{where}:{node.lineno}"
                for k in node.keywords
                if k.arg == "code" and _is_text(k.value)
            ]
        elif isinstance(node, ast.ClassDef) and node.name in refusals:
            for statement in node.body:
                targets = (
                    statement.targets
                    if isinstance(statement, ast.Assign)
                    else [getattr(statement, "target", None)]
                )
                if any(_name(t) == "code" for t in targets if t is not None) and _is_text(
                    getattr(statement, "value", None)
                ):
                    found.append(f"{where}:{statement.lineno}")
        elif isinstance(node, ast.Compare) and _is_refusal_code(node.left):
            found += [f"{where}:{node.lineno}" for c in node.comparators if _is_text(c)]
    return found


def test_no_refusal_is_coded_with_a_free_string():
    refusals = _refusals()
    found = [
        hit
        for path in _production_modules()
        for hit in _free_codes(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), refusals
        )
    ]
    assert found == [], "codes must be enum members (core.errors.ErrorCode or <app>/errors.py)"


@pytest.mark.parametrize(
    ("code", "status"),
    [(ErrorCode.INVALID, 400), (ErrorCode.FORBIDDEN, 404), (ErrorCode.NOT_FOUND, 400)],
)
def test_a_code_is_answered_with_one_status(code, status):
    # a missing object named by a field of the body is bad input (400); the object the path
    # names is NotFound (404), and so is anything out of scope (forbidden)
    assert DomainError("x", code=code).http_status == status
    assert NotFound("x").http_status == 404


def test_codes_read_as_the_strings_clients_know():
    assert isinstance(ErrorCode.INVALID, StrEnum)
    assert DomainError("x", code=ErrorCode.REQUIRED).as_dict()["code"] == "required"


def test_the_guard_sees_each_way_of_writing_a_free_code():
    source = (
        "raise DomainError('x', code='bogus')\n"
        "refuse(field='a', code='bogus')\n"
        "class Gone(NotFound):\n    code = 'bogus'\n"
        "if exc.code == 'bogus': pass\n"
        "Area.objects.get(code='urban')\n"
        "raise ValidationError('x', code='invalid')\n"
    )
    assert sorted(_free_codes(source, "m.py", _refusals() | {"Gone"})) == [
        "m.py:1",
        "m.py:2",
        "m.py:4",
        "m.py:5",
    ]
