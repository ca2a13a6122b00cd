"""Who may do what with funds, awards, returns and participatory budgets.

Grant officers are the portal's officers; administrators may do everything. Board members read
funds and awards; a partner's contact sees the awards to their organisation (or to a
partnership they belong to) and submits its monitoring returns. Monitoring returns are read by
the recipient, officers and the members of the board that owns the fund. Residents have no
account: they only reach the public ballot page, with a voter code.
"""

import rules

from partnerships.models.partnerships import belonging
from portal.permissions import has_any_role, is_board_member, is_partner_contact, is_staff_role


@rules.predicate
def receives_award(user, award) -> bool:
    if award is None:
        return False
    if award.recipient_organisation_id:
        return bool(user.organisation_id) and award.recipient_organisation_id == (
            user.organisation_id
        )
    return belonging(user, award.recipient_partnership_id).exists()


@rules.predicate
def receives_return_award(user, monitoring_return) -> bool:
    return monitoring_return is not None and receives_award.test(user, monitoring_return.award)


@rules.predicate
def sits_on_the_funds_board(user, monitoring_return) -> bool:
    """A current member of the board that owns the return's fund."""
    from partnerships.models import Membership

    board_id = monitoring_return.award.fund.board_id if monitoring_return else None
    if board_id is None:
        return False
    return Membership.objects.current().filter(user_id=user.pk, board_id=board_id).exists()


@rules.predicate
def return_is_open(_user, monitoring_return) -> bool:
    return monitoring_return is not None and monitoring_return.received_date is None


can_view_all_awards = is_staff_role | is_board_member

rules.add_perm("grants.list_funds", is_staff_role | is_board_member)
rules.add_perm("grants.view_fund", is_staff_role | is_board_member)
rules.add_perm("grants.change_fund", is_staff_role)
rules.add_perm("grants.export_funds", is_staff_role | is_board_member)
rules.add_perm("grants.list_awards", has_any_role)
rules.add_perm("grants.view_award", can_view_all_awards | (is_partner_contact & receives_award))
rules.add_perm("grants.change_award", is_staff_role)
rules.add_perm("grants.export_awards", has_any_role)
rules.add_perm("grants.view_award_history", is_staff_role)
# A monitoring return is the recipient's, the officers' and the fund's board's, no one else's
# (``MonitoringReturn.objects.visible_to`` says the same for lists).
rules.add_perm(
    "grants.view_return",
    is_staff_role
    | (is_partner_contact & receives_return_award)
    | (has_any_role & sits_on_the_funds_board),
)
rules.add_perm(
    "grants.submit_return",
    is_staff_role | (is_partner_contact & receives_return_award & return_is_open),
)
rules.add_perm("grants.manage_pb", is_staff_role)
rules.add_perm("grants.view_pb", is_staff_role | is_board_member)


@rules.predicate
def results_are_published(_user, pb_round) -> bool:
    return pb_round is not None and pb_round.results_published_at is not None


# The public (signed out too) reads a round's results once they are published.
rules.add_perm("grants.view_results", results_are_published | is_staff_role | is_board_member)
