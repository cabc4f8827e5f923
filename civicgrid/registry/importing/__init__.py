"""Spreadsheet import of the register: buildings, households, persons (xlsx or csv).

Every row is validated before anything is written; any bad row means nothing is written and a
report (row, column, value, reason) comes back, also as an xlsx copy of the input with an error
column. Re-importing the same file changes nothing: rows upsert on natural keys (person by ID
number, building by code, household by number).
"""

from . import persons, places  # noqa: F401  (each registers its importer)
from .runner import IMPORTERS, ImportReport, RowError, register_import

__all__ = ["IMPORTERS", "ImportReport", "RowError", "register_import"]
