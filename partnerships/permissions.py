"""Who may do what with the partnerships app's objects.

Views, templates and tests all ask these rules through ``user.has_perm(name, obj)``; the
querysets' ``visible_to`` mirror the view rules for lists (a test keeps the two in step).
"""

import rules

from portal.permissions import (
    has_any_role,
    is_administrator,
    is_board_member,
    is_officer,
    is_partner_contact,
    is_staff_role,
)


@rules.predicate
def is_own_organisation(user, organisation) -> bool:
    return organisation is not None and user.organisation_id == organisation.pk


@rules.predicate
def is_active_organisation(user, organisation) -> bool:
    return organisation is not None and organisation.active


# Officers and administrators keep the register; board members see the active partners;
# a partner's contact sees their own organisation.
can_view_all_organisations = is_staff_role
can_list_organisations = has_any_role
can_view_organisation = (
    is_staff_role
    | (is_board_member & is_active_organisation)
    | (is_partner_contact & is_own_organisation)
)
can_add_organisation = is_staff_role
can_change_organisation = is_staff_role
can_export_organisations = is_staff_role | is_board_member

rules.add_perm("partnerships.list_organisations", can_list_organisations)
rules.add_perm("partnerships.view_organisation", can_view_organisation)
rules.add_perm("partnerships.add_organisation", can_add_organisation)
rules.add_perm("partnerships.change_organisation", can_change_organisation)
rules.add_perm("partnerships.export_organisations", can_export_organisations)
rules.add_perm("partnerships.view_organisation_history", is_staff_role)


# --- partnerships, their boards and everything under them ----------------------------------


def _partnership_of(obj):
    """The partnership an object belongs to: rules on boards, memberships, resources, risk
    assessments, reviews, actions, meetings, reports and packs are their partnership's. The way
    up is ``.partnership`` or ``.board``; a model whose way up is another field names it in a
    ``partnership_parent`` class attribute (a task: its ``programme``)."""
    for _ in range(5):
        if obj is None or obj.__class__.__name__ == "Partnership":
            return obj
        parent = getattr(type(obj), "partnership_parent", None)
        if parent:
            obj = getattr(obj, parent, None)
        else:
            obj = getattr(obj, "partnership", None) or getattr(obj, "board", None)
    return None


@rules.predicate
def sits_on_the_board(user, obj) -> bool:
    """A current member of the board whose meeting (or pack) this is."""
    from .models import Membership

    board = getattr(obj, "board", None) or getattr(getattr(obj, "meeting", None), "board", None)
    if board is None:
        return False
    return Membership.objects.current().filter(board=board, user_id=user.pk).exists()


@rules.predicate
def leads_or_supports(user, obj) -> bool:
    partnership = _partnership_of(obj)
    if partnership is None or partnership.pk is None:
        return False
    if partnership.lead_officer_id == user.pk:
        return True
    return partnership.supporting_officers.filter(pk=user.pk).exists()


@rules.predicate
def belongs_to(user, obj) -> bool:
    """A current member of one of its boards, or working for an organisation that is."""
    from .models.partnerships import belonging

    partnership = _partnership_of(obj)
    if partnership is None or partnership.pk is None:
        return False
    return belonging(user, partnership).exists()


@rules.predicate
def leads_or_supports_owner(user, strategy) -> bool:
    """Officers keep the strategies their partnership owns; one no partnership owns, any."""
    if strategy is None or strategy.owner_id is None:
        return True
    return leads_or_supports.test(user, strategy.owner)


can_list_partnerships = has_any_role
can_view_partnership = is_staff_role | ((is_board_member | is_partner_contact) & belongs_to)
can_add_partnership = is_staff_role
can_change_partnership = is_administrator | (is_officer & leads_or_supports)

rules.add_perm("partnerships.list_partnerships", can_list_partnerships)
rules.add_perm("partnerships.view_partnership", can_view_partnership)
rules.add_perm("partnerships.add_partnership", can_add_partnership)
rules.add_perm("partnerships.change_partnership", can_change_partnership)
rules.add_perm("partnerships.view_partnership_history", is_staff_role)

# Strategies are published documents: every role reads them; officers keep them.
rules.add_perm("partnerships.view_strategy", has_any_role)
rules.add_perm("partnerships.add_strategy", is_staff_role)
rules.add_perm(
    "partnerships.change_strategy", is_administrator | (is_officer & leads_or_supports_owner)
)

# Exempt items are for the board's own members (and officers): the restricted pack.
rules.add_perm("partnerships.view_restricted_pack", is_staff_role | sits_on_the_board)
