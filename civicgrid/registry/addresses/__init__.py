"""The standard address index (标准地址): built from the register (``index``), searched as a
caller speaks (``search``). Decision 0015."""

from .index import rebuild, reindex_buildings
from .search import Candidate, resolve, suggest

__all__ = ["Candidate", "rebuild", "reindex_buildings", "resolve", "suggest"]
