"""Writes on funds and awards. Every rule about money lives here, in one transaction each:

- ``common``: money formatting, the over-commitment error, the row locks on funds and awards;
- ``funds``: saving a fund, rolling it into the next year;
- ``awards``: approval, states, edits, changes to funding and payments;
- ``returns``: monitoring returns;
- ``pb``: participatory budgeting (voter codes, ballots, results and the awards that follow).

Callers import from ``grants.services``; the submodules are how it is laid out.
"""

from .awards import (
    TRANSITION_LABELS,
    TRANSITIONS,
    award_actions,
    award_approve,
    award_change_record,
    award_check_edit,
    award_save,
    award_transition,
    payment_mark_paid,
    payment_save,
    payments_schedule_evenly,
)
from .common import LOCK_ATTEMPTS, FundOverCommitted, money
from .funds import fund_roll_forward, fund_save
from .pb import (
    MAX_BATCH,
    ProjectResult,
    Results,
    ballot_cast,
    pb_make_awards,
    pb_publish,
    pb_results,
    rank_and_fund,
    voter_codes_issue,
)
from .returns import RETURN_GRACE, return_periods, return_submit, returns_schedule

__all__ = [
    "FundOverCommitted",
    "LOCK_ATTEMPTS",
    "MAX_BATCH",
    "ProjectResult",
    "RETURN_GRACE",
    "Results",
    "TRANSITIONS",
    "TRANSITION_LABELS",
    "award_actions",
    "award_approve",
    "award_change_record",
    "award_check_edit",
    "award_save",
    "award_transition",
    "ballot_cast",
    "fund_roll_forward",
    "fund_save",
    "money",
    "payment_mark_paid",
    "payment_save",
    "payments_schedule_evenly",
    "pb_make_awards",
    "pb_publish",
    "pb_results",
    "rank_and_fund",
    "return_periods",
    "return_submit",
    "returns_schedule",
    "voter_codes_issue",
]
