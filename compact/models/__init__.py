"""The compact app's models, one module per subject."""

from .assessments import ActionPlanItem, Assessment, AssessmentRound, Rating
from .compact import (
    REGISTER_SECTORS,
    SECTOR_OF,
    Breach,
    Code,
    Commitment,
    Compact,
    Consultation,
    Endorsement,
    Sector,
)
from .handbook import HandbookSection, SectionVersion

__all__ = [
    "REGISTER_SECTORS",
    "SECTOR_OF",
    "ActionPlanItem",
    "Assessment",
    "AssessmentRound",
    "Breach",
    "Code",
    "Commitment",
    "Compact",
    "Consultation",
    "Endorsement",
    "HandbookSection",
    "Rating",
    "Sector",
    "SectionVersion",
]
