"""One model instance's INSERT as plain SQL, for a hot path that writes several rows in one
statement (see cases.services.intake_write).

``Model.save()`` builds and compiles its INSERT afresh on every call; here the column list is
read from the model once, and each value is prepared exactly as ``save()`` prepares it (the
field's ``pre_save`` for an insert, then ``get_db_prep_save``), so what is written is what
``save()`` would have written. The caller places the fragment in its own statement, and then
calls ``saved()``, which marks the instance as stored and sends ``pre_save`` and ``post_save``
as ``save()`` does, so that receivers (caches, documents) hear of the row.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection
from django.db.models.signals import post_save, pre_save

# Values written as themselves rather than as parameters: a new row holds many (its dates to
# come, its counts), and psycopg converts a statement of more than 50 parameters afresh on every
# execution (its cache takes fewer), which cost the intake 0.4 ms of every report's 3. What the
# statement says is what the parameter would have said: NULL, TRUE, FALSE, ''.
CONSTANTS = {None: "NULL", True: "TRUE", False: "FALSE", "": "''"}


def _is_constant(value) -> bool:
    # exact types: 0 == False and 1 == True as keys, so a number is never taken for a boolean
    return value is None or value is True or value is False or (type(value) is str and not value)


class RowInsert:
    """The INSERT of one row of ``model``: every concrete field but the primary key, unless
    ``sql`` is given an ``override`` for a column (an SQL expression with its own parameters,
    such as a value the statement computes)."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = connection.ops.quote_name(model._meta.db_table)

    def sql(self, obj, override: Mapping[str, tuple[str, list]] | None = None):
        """``(columns, values, params)``: ``INSERT INTO {table} ({columns}) VALUES
        ({values})`` writes ``obj`` with ``params``. ``override`` maps an attribute name (such
        as ``case_id``) to ``(sql, params)`` used in place of the instance's value; the
        instance's own ``pre_save`` is still run for every field, as ``save()`` runs it."""
        override = override or {}
        quote = connection.ops.quote_name
        columns, values, params = [], [], []
        for field in self.fields:
            value = field.pre_save(obj, True)  # auto_now(_add) set on the instance, as save()
            columns.append(quote(field.column))
            if field.attname in override:
                fragment, more = override[field.attname]
                values.append(fragment)
                params.extend(more)
                continue
            value = field.get_db_prep_save(value, connection)
            placeholder = getattr(field, "get_placeholder", None)
            if placeholder is None and _is_constant(value):
                values.append(CONSTANTS[value])
                continue
            values.append(placeholder(value, None, connection) if placeholder else "%s")
            params.append(value)
        return ", ".join(columns), ", ".join(values), params

    def before(self, obj) -> None:
        """``pre_save``, as ``save()`` sends it before writing."""
        pre_save.send(sender=self.model, instance=obj, raw=False, using="default",
                      update_fields=None)  # fmt: skip

    def saved(self, obj, pk: int) -> None:
        """The instance is stored under ``pk``: as after ``save()``, with ``post_save``."""
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = "default"
        post_save.send(sender=self.model, instance=obj, created=True, raw=False,
                       using="default", update_fields=None)  # fmt: skip
