"""The audit trail of powers (PIPL): every grant of a power and every change of a rule, recorded
by the service that makes it, with the actor, the time, the client's address, and the state
before and after (JSON). Rows are appended, never changed (``PowerChange``).

Services take the actor (``None`` for the system: the demo, migrations, commands without a user)
and the address explicitly; interfaces pass ``core.client.client_address(request)``.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PowerChange
from .text import column_length, shortened

Kind = PowerChange.Kind

SKIPPED = {"created_at", "updated_at", "key_hash", "password"}


def _fitted(value: str, field: str) -> str:
    """A name of what was touched, shortened visibly to its column: the entry is written anyway."""
    return shortened(value, column_length(PowerChange, field))


def snapshot(obj: models.Model | None, *, extra: dict | None = None) -> dict | None:
    """The object's concrete fields as JSON values (secrets and timestamps left out)."""
    if obj is None:
        return None
    data = {
        f.attname: f.value_from_object(obj)
        for f in obj._meta.concrete_fields
        if f.attname not in SKIPPED and not f.attname.endswith(("_enc", "_index"))
    }
    data.update(extra or {})
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def stored(obj: models.Model, **extra) -> dict | None:
    """The snapshot of ``obj`` as it is in the database now (None when not saved yet)."""
    if obj.pk is None:
        return None
    old = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(old, extra=extra) if old is not None else None


def record(
    *,
    kind: str,
    action: str,
    actor=None,
    address: str | None = None,
    target: models.Model | str,
    before: dict | None = None,
    after: dict | None = None,
) -> PowerChange | None:
    """Append one entry; nothing is written when the change changed nothing."""
    if before is not None and before == after:
        return None
    actor = actor if getattr(actor, "pk", None) else None
    return PowerChange.objects.create(
        kind=kind,
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        address=address or None,
        target=_fitted(str(target), "target"),
        target_id=_fitted(str(getattr(target, "pk", "") or ""), "target_id"),
        before=before,
        after=after,
    )


def entries(*, kind: str = "", actor: str = "", since=None, until=None):
    """The trail, newest first, filtered by kind, the actor's username and a date range."""
    qs = PowerChange.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if actor:
        qs = qs.filter(actor_name=actor)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs


def as_text(state: dict | None) -> str:
    """A state as compact JSON (for a page or a spreadsheet cell)."""
    if state is None:
        return ""
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


# what each recorded action is called on the page and in the export
ACTIONS = {
    "create": _("created"),
    "change": _("changed"),
    "delete": _("deleted"),
    "retire": _("retired"),
    "replace": _("replaced"),
    "grant": _("granted"),
    "end": _("ended"),
    "issue": _("issued"),
    "revoke": _("revoked"),
    "new_version": _("new version"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changes(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field that differs, for a reader: a creation shows what
    was set, a deletion what was there."""
    before, after = before or {}, after or {}
    return [
        (key, _shown(before.get(key)), _shown(after.get(key)))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]


def changes_text(before: dict | None, after: dict | None) -> str:
    return "\n".join(f"{key}: {old} → {new}" for key, old, new in changes(before, after))
