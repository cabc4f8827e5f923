"""Fixtures the evaluation tests borrow: the workforce (a community worker assessed)."""

from civicgrid.workforce.tests.fixtures import wf  # noqa: F401
