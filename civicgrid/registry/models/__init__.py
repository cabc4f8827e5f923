"""The register (两个实有): buildings, houses, households, people, tags, units, visits, posts.

Scope: each model names the path of the grid it sits in (``scope_path``). ID numbers and phones
are stored only as Fernet ciphertext, an HMAC blind index and a masked form (see core/pii.py).
"""

from .addresses import AddressLevel, StandardAddress
from .base import EncryptedPii, RegisterModel, grid_fk, pii_fields
from .people import Person, PersonTag, PiiAccess, Residence, Tag
from .places import Building, House, Household
from .units import StaffPost, Unit, Visit

__all__ = [
    "AddressLevel",
    "Building",
    "EncryptedPii",
    "House",
    "Household",
    "Person",
    "PersonTag",
    "PiiAccess",
    "RegisterModel",
    "Residence",
    "StaffPost",
    "StandardAddress",
    "Tag",
    "Unit",
    "Visit",
    "grid_fk",
    "pii_fields",
]
