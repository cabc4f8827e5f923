"""Score cards (scores.py), rating rounds where blocks and residents rate departments
(rounds.py), and assessment schemes with their rounds, scores and appeals (schemes.py)."""

from .rounds import RatingDimension, RatingRound, RatingScore, RatingSheet
from .schemes import Appeal, Assessment, AssessmentRound, ItemScore, Scheme, SchemeItem
from .scores import ScoreCard, ScoreItem

__all__ = [
    "Appeal",
    "Assessment",
    "AssessmentRound",
    "ItemScore",
    "RatingDimension",
    "RatingRound",
    "RatingScore",
    "RatingSheet",
    "Scheme",
    "SchemeItem",
    "ScoreCard",
    "ScoreItem",
]
