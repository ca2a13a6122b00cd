"""Who may do what with the Compact, its assessments, breaches and the handbook.

The Compact itself (codes, commitments, endorsements) and the endorsed handbook are public to
everyone with a role. Officers and administrators keep everything; board members read
everything; a partner organisation's contact sees the public Compact and answers their own
organisation's self-assessments, and nothing of any other organisation's.
"""

import rules

from portal.permissions import (
    has_any_role,
    is_board_member,
    is_partner_contact,
    is_staff_role,
)


@rules.predicate
def is_own_assessment(user, assessment) -> bool:
    return (
        assessment is not None
        and user.organisation_id is not None
        and assessment.organisation_id == user.organisation_id
    )


@rules.predicate
def round_is_open(user, assessment) -> bool:
    return assessment is not None and assessment.round.status == "open"


@rules.predicate
def is_endorsed_version(user, version) -> bool:
    return version is not None and version.status == "endorsed"


can_read_everything = is_staff_role | is_board_member

# The public Compact and the handbook's endorsed text.
rules.add_perm("compact.view_compact", has_any_role)
rules.add_perm("compact.change_compact", is_staff_role)
rules.add_perm("compact.view_compact_history", is_staff_role)
rules.add_perm("compact.view_handbook", has_any_role)
rules.add_perm("compact.view_version", can_read_everything | (has_any_role & is_endorsed_version))
rules.add_perm("compact.view_drafts", can_read_everything)

# The compliance side: findings, consultations, breaches, rounds, scorecards and action plans.
rules.add_perm("compact.view_compliance", can_read_everything)
rules.add_perm("compact.export_breaches", can_read_everything)

# One organisation's self-assessment: its own contact answers it while the round is open.
rules.add_perm(
    "compact.view_assessment", can_read_everything | (is_partner_contact & is_own_assessment)
)
rules.add_perm(
    "compact.answer_assessment",
    is_staff_role | (is_partner_contact & is_own_assessment & round_is_open),
)
