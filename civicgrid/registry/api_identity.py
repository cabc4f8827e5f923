"""API schema of a proof of identity (a name and an ID number, checked against the register by
the service that takes it: ``registry.identity``)."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from civicgrid.core.checks import limits

from .identity import ID_NUMBER_LENGTH, Proof
from .models import Person


class ProofIn(Schema):
    name: Annotated[str, Field(**limits(Person, "name"), examples=["张三"])]
    id_number: str = Field(
        ..., max_length=ID_NUMBER_LENGTH, description="checked against the register"
    )

    def proof(self) -> Proof:
        return Proof(self.name, self.id_number)
