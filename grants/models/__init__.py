"""The grants app's models: funds and their awards (with payments, monitoring returns and
changes to funding), and participatory budgeting rounds."""

from .funds import (
    Award,
    AwardChange,
    Fund,
    MonitoringReturn,
    Payment,
    ReturnEvidence,
    financial_year_label,
)
from .pb import Ballot, BallotChoice, PBProject, PBRound, VoterCode

__all__ = [
    "Award",
    "AwardChange",
    "Ballot",
    "BallotChoice",
    "Fund",
    "MonitoringReturn",
    "PBProject",
    "PBRound",
    "Payment",
    "ReturnEvidence",
    "VoterCode",
    "financial_year_label",
]
