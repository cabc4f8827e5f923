"""Writes to the catalogue: local extension classes, retirement, questions."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core import audit
from civicgrid.core.errors import DomainError

from .errors import CatalogueError
from .models import CaseClass, ClassQuestion, MajorClass
from .seed import initials


def next_local_code(major: MajorClass) -> str:
    """The next local extension code of ``major``: counting down from 999, never reusing one."""
    used = set(CaseClass.objects.filter(code__startswith=major.code).values_list("code", flat=True))
    for n in range(999, 0, -1):
        code = f"{major.code}{n:03d}"
        if code not in used:
            return code
    raise DomainError(
        _("No free class code is left in this major class."), code=CatalogueError.CATALOGUE_FULL
    )


@transaction.atomic
def class_create_local(
    *, major: MajorClass, name: str, actor=None, address=None, **fields
) -> CaseClass:
    """Add a local extension class to ``major`` under the next free code."""
    major = MajorClass.objects.select_for_update().get(pk=major.pk)  # one code at a time
    case_class = CaseClass(
        kind=major.kind,
        major=major,
        code=next_local_code(major),
        name=name,
        local=True,
        initials=initials(name),
        **fields,
    )
    case_class.full_clean()
    case_class.save()
    _audit("create", case_class, None, actor, address)
    return case_class


def _audit(action, row, before, actor, address, after=True) -> None:
    audit.record(
        kind=audit.Kind.CATALOGUE,
        action=action,
        actor=actor,
        address=address,
        target=row,
        before=before,
        after=audit.snapshot(row) if after else None,
    )


@transaction.atomic
def class_update(*, case_class: CaseClass, actor=None, address=None, **fields) -> CaseClass:
    """Change a class's rules; the code and kind stay as they are."""
    for name in ("code", "kind", "major", "local"):
        if name in fields:
            raise DomainError(
                _("The code and kind of a class cannot change."),
                code=CatalogueError.READ_ONLY,
                field=name,
            )
    before = audit.stored(case_class)
    for name, value in fields.items():
        setattr(case_class, name, value)
    case_class.initials = initials(case_class.name)
    case_class.full_clean()
    case_class.save()
    _audit("change", case_class, before, actor, address)
    return case_class


@transaction.atomic
def class_retire(*, case_class: CaseClass, actor=None, address=None) -> CaseClass:
    """Stop offering a class. Its code stays taken; cases already under it keep it."""
    before = audit.stored(case_class)
    case_class.active = False
    case_class.save(update_fields=["active", "updated_at"])
    _audit("retire", case_class, before, actor, address)
    return case_class


@transaction.atomic
def question_add(*, case_class: CaseClass, actor=None, address=None, **fields) -> ClassQuestion:
    fields.setdefault("order", case_class.questions.count() + 1)
    question = ClassQuestion(case_class=case_class, **fields)
    question.full_clean()
    question.save()
    _audit("create", question, None, actor, address)
    return question


@transaction.atomic
def entry_save(*, row, actor=None, address=None):
    """Save a changed major class or part type (their names and order; codes stay)."""
    before = audit.stored(row)
    row.full_clean()
    row.save()
    _audit("change", row, before, actor, address)
    return row


@transaction.atomic
def question_save(*, question: ClassQuestion, actor=None, address=None) -> ClassQuestion:
    """Save a changed question (as any catalogue entry: checked, saved, recorded)."""
    return entry_save(row=question, actor=actor, address=address)


@transaction.atomic
def question_remove(*, question: ClassQuestion, actor=None, address=None) -> None:
    """Stop asking a question. Answers already given stay on their cases."""
    before = audit.snapshot(question)
    _audit("delete", question, before, actor, address, after=False)
    question.delete()
