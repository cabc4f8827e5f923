"""Score cards (scores.py) and rating rounds, where blocks and residents rate departments
(rounds.py)."""

from .rounds import RatingDimension, RatingRound, RatingScore, RatingSheet
from .scores import ScoreCard, ScoreItem

__all__ = [
    "RatingDimension",
    "RatingRound",
    "RatingScore",
    "RatingSheet",
    "ScoreCard",
    "ScoreItem",
]
