"""The partnerships app's models, one module per subject."""

from .alerts import Subscription
from .boards import Board, BoardSeat, Contact, Interest, Membership
from .meetings import AgendaItem, AgendaPack, Meeting
from .partnerships import (
    Contribution,
    Partnership,
    RiskAssessment,
    ValueForMoneyReview,
    financial_year,
    financial_year_label,
)
from .people import Organisation, User, normalise_register_number
from .proceedings import Attendance, Declaration, KeyDecision, MeetingAction, Minutes, Vote
from .reports import Appendix, Report
from .strategy import Action, Outcome, Strategy

__all__ = [
    "Action",
    "AgendaItem",
    "AgendaPack",
    "Appendix",
    "Attendance",
    "Declaration",
    "Interest",
    "Subscription",
    "Vote",
    "KeyDecision",
    "MeetingAction",
    "Minutes",
    "Meeting",
    "Report",
    "Board",
    "BoardSeat",
    "Contact",
    "Contribution",
    "Membership",
    "Organisation",
    "Outcome",
    "Partnership",
    "RiskAssessment",
    "Strategy",
    "User",
    "ValueForMoneyReview",
    "financial_year",
    "financial_year_label",
    "normalise_register_number",
]
