"""Who may do what with the Compact, its assessments, breaches and the handbook.

The Compact itself (codes, commitments, endorsements) and the endorsed handbook are public to
everyone with a role. Officers and administrators keep everything; board members read
everything; a partner organisation's contact sees the public Compact and answers their own
organisation's self-assessments, and nothing of any other organisation's. A submitted
self-assessment is read by the members of the boards of the Compact's partnership.
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
def is_submitted(_user, assessment) -> bool:
    return assessment is not None and assessment.submitted_at is not None


@rules.predicate
def sits_on_a_board_of_the_compacts_partnership(user, assessment) -> bool:
    from partnerships.models import Membership

    partnership_id = assessment.round.compact.partnership_id if assessment else None
    if partnership_id is None:
        return False
    return (
        Membership.objects.current()
        .filter(user_id=user.pk, board__partnership_id=partnership_id)
        .exists()
    )


@rules.predicate
def round_is_open(_user, assessment) -> bool:
    return assessment is not None and assessment.round.status == "open"


@rules.predicate
def is_endorsed_version(_user, version) -> bool:
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

# One organisation's self-assessment is its own (its contacts') and the officers' while it is a
# draft; once submitted, the members of the boards of the Compact's partnership read it too.
# Its own contact answers it while the round is open. ``Assessment.objects.visible_to`` says
# the same for lists.
can_view_assessment = (
    is_staff_role
    | (is_partner_contact & is_own_assessment)
    | (has_any_role & is_submitted & sits_on_a_board_of_the_compacts_partnership)
)
rules.add_perm("compact.view_assessment", can_view_assessment)
rules.add_perm(
    "compact.answer_assessment",
    is_staff_role | (is_partner_contact & is_own_assessment & round_is_open),
)
