"""The grants app's models: funds and their awards (with payments, monitoring returns and
changes to funding), and participatory budgeting rounds."""

from .awards import Award, AwardChange, Payment
from .funds import Fund, financial_year_label
from .pb import Ballot, BallotChoice, PBProject, PBRound, VoterCode
from .returns import MonitoringReturn, ReturnEvidence

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
