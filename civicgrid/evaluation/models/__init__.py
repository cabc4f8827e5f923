"""Score cards (scores.py), rating rounds where blocks and residents rate departments
(rounds.py), assessment schemes with their rounds, scores and appeals (schemes.py), and each
change of a round's state (steps.py); a community worker's group ratings and verdict
(workers.py); rewards and accountability on results (consequences.py)."""

from .admitted import AdmittedAssessment
from .consequences import Consequence
from .rounds import RatingDimension, RatingRound, RatingScore, RatingSheet
from .schemes import Appeal, Assessment, AssessmentRound, ItemScore, Scheme, SchemeItem
from .scores import ScoreCard, ScoreItem
from .steps import AssessmentRoundStep, RatingRoundStep
from .workers import GroupRating, Verdict

__all__ = [
    "AdmittedAssessment",
    "Appeal",
    "Assessment",
    "AssessmentRound",
    "AssessmentRoundStep",
    "Consequence",
    "GroupRating",
    "ItemScore",
    "RatingDimension",
    "RatingRound",
    "RatingRoundStep",
    "RatingScore",
    "RatingSheet",
    "Scheme",
    "SchemeItem",
    "ScoreCard",
    "ScoreItem",
    "Verdict",
]
