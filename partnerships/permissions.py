"""Who may do what with the partnerships app's objects.

Views, templates and tests all ask these rules through ``user.has_perm(name, obj)``; the
querysets' ``visible_to`` mirror the view rules for lists (a test keeps the two in step).
"""

import rules
from django.core.exceptions import ObjectDoesNotExist

from portal.permissions import (
    has_any_role,
    is_administrator,
    is_board_member,
    is_officer,
    is_partner_contact,
    is_staff_role,
)
from portal.roles import roles_of


@rules.predicate
def is_own_organisation(user, organisation) -> bool:
    return organisation is not None and user.organisation_id == organisation.pk


@rules.predicate
def is_active_organisation(_user, organisation) -> bool:
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


# Each record's way up to its partnership, said once: the rules below (``partnership_of``), the
# list filters (``visible_to``) and the access checks all read it. Other apps add theirs with
# ``register_partnership_paths`` (the work programme's tasks, risks ...).
PARTNERSHIP_PATHS: dict[str, str] = {
    "partnerships.partnership": "",
    "partnerships.board": "partnership",
    "partnerships.boardseat": "board__partnership",
    "partnerships.membership": "board__partnership",
    "partnerships.contribution": "partnership",
    "partnerships.riskassessment": "partnership",
    "partnerships.valueformoneyreview": "partnership",
    "partnerships.action": "board__partnership",
    "partnerships.keydecision": "board__partnership",
    "partnerships.meeting": "board__partnership",
    "partnerships.agendaitem": "meeting__board__partnership",
    "partnerships.report": "agenda_item__meeting__board__partnership",
    "partnerships.appendix": "report__agenda_item__meeting__board__partnership",
    "partnerships.agendapack": "meeting__board__partnership",
    "partnerships.attendance": "meeting__board__partnership",
    "partnerships.declaration": "item__meeting__board__partnership",
    "partnerships.minutes": "meeting__board__partnership",
    "partnerships.meetingaction": "meeting__board__partnership",
}


def register_partnership_paths(paths: dict[str, str]) -> None:
    PARTNERSHIP_PATHS.update(paths)


def partnership_path(model) -> str | None:
    """The lookup from ``model`` up to its partnership ("" for a partnership), or None for a
    model that belongs to no partnership."""
    return PARTNERSHIP_PATHS.get(model._meta.label_lower)


def _walk_up(obj, steps):
    for step in steps:
        try:
            obj = getattr(obj, step)
        except ObjectDoesNotExist:  # a report on no agenda
            return None
        if obj is None:
            return None
    return obj


def partnership_of(obj):
    """The partnership an object belongs to, by its model's one way up (None if it has none,
    or if a step on the way is missing)."""
    path = partnership_path(type(obj)) if obj is not None else None
    if path is None:
        return None
    return _walk_up(obj, path.split("__") if path else [])


def board_of(obj):
    """The board a meeting-side record (a meeting, pack, report ...) belongs to: the step
    before its partnership on the same way up."""
    path = partnership_path(type(obj)) if obj is not None else None
    steps = path.split("__") if path else []
    if "board" not in steps:
        return obj if path == "partnership" and type(obj).__name__ == "Board" else None
    return _walk_up(obj, steps[: steps.index("board") + 1])


def visible_to(queryset, user):
    """The rows of ``queryset`` (a model with a way up) whose partnership ``user`` may open:
    the list filter that ``partnerships.view_partnership`` and the rules built on it mirror."""
    from .models import Partnership

    path = partnership_path(queryset.model)
    if path is None:
        raise ValueError(f"{queryset.model._meta.label} has no way up to a partnership.")
    if is_staff_role(user):
        return queryset
    readable = Partnership.objects.openable_by(user)
    return queryset.filter(**{f"{path}__in" if path else "pk__in": readable})


@rules.predicate
def sits_on_the_board(user, obj) -> bool:
    """A current member of the board whose meeting (or pack, or report) this is."""
    from .models import Membership

    board = board_of(obj)
    if board is None:
        return False
    return Membership.objects.current().filter(board=board, user_id=user.pk).exists()


@rules.predicate
def leads_or_supports(user, obj) -> bool:
    partnership = partnership_of(obj)
    if partnership is None or partnership.pk is None:
        return False
    if partnership.lead_officer_id == user.pk:
        return True
    return partnership.supporting_officers.filter(pk=user.pk).exists()


@rules.predicate
def belongs_to(user, obj) -> bool:
    """A current member of one of its boards, or working for an organisation that is."""
    from .models.partnerships import belonging

    partnership = partnership_of(obj)
    if partnership is None or partnership.pk is None:
        return False
    return belonging(user, partnership).exists()


@rules.predicate
def leads_or_supports_owner(user, strategy) -> bool:
    """Officers keep the strategies their partnership owns; one no partnership owns, any. An
    outcome is its strategy's."""
    strategy = getattr(strategy, "strategy", strategy)
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
# Contacts without a login belong to no partnership: officers keep them.
rules.add_perm("partnerships.view_contact", is_staff_role)
rules.add_perm("partnerships.change_contact", is_staff_role)

# Strategies are published documents: every role reads them; officers keep them.
rules.add_perm("partnerships.view_strategy", has_any_role)
rules.add_perm("partnerships.add_strategy", is_staff_role)
rules.add_perm(
    "partnerships.change_strategy", is_administrator | (is_officer & leads_or_supports_owner)
)

# Exempt items are for the board's own members (and officers): the restricted pack.
can_read_exempt = is_staff_role | sits_on_the_board
rules.add_perm("partnerships.view_restricted_pack", can_read_exempt)


@rules.predicate
def is_on_an_agenda(_user, report) -> bool:
    return partnership_of(report) is not None


@rules.predicate
def is_exempt(_user, obj) -> bool:
    """An exempt report, or a restricted pack."""
    return bool(getattr(obj, "exempt", False) or getattr(obj, "restricted", False))


@rules.predicate
def is_published_report(_user, report) -> bool:
    return report.status == "published"


@rules.predicate
def is_published_pack(_user, pack) -> bool:
    return pack.published_at is not None


@rules.predicate
def gives_a_signoff(user) -> bool:
    """Holds the finance or the legal sign-off role (partnerships.clearance)."""
    from .clearance import GROUPS

    return bool(roles_of(user) & set(GROUPS))


@rules.predicate
def is_past_draft(_user, report) -> bool:
    return report.status != "draft"


# The officers who sign reports off read every report put forward for clearance (exempt ones
# too) and what became of it; the sign-off service says which they may sign now.
can_clear_report = is_on_an_agenda & is_staff_role & gives_a_signoff
can_read_for_clearance = can_clear_report & is_past_draft

# A report is read on its meeting's terms (exempt ones with the restricted pack), and by the
# board's readers once its pack is published; its partnership's officers keep it from draft.
can_view_report = (
    is_on_an_agenda
    & can_view_partnership
    & (~is_exempt | can_read_exempt)
    & (is_published_report | can_change_partnership)
) | can_read_for_clearance
rules.add_perm("partnerships.view_report", can_view_report)
rules.add_perm("partnerships.change_report", can_view_report & can_change_partnership)
rules.add_perm("partnerships.sign_off_report", can_read_for_clearance)
rules.add_perm(
    "partnerships.view_pack",
    can_view_partnership
    & (~is_exempt | can_read_exempt)
    & (is_published_pack | can_change_partnership),
)


# --- the register of interests: a person's, not a board's ---------------------------------
# An interest has no one way up: it belongs to a person, who may sit on several boards. Those
# who may see any board the person sits on read it; the person keeps it, and so do officers
# who lead or support a partnership with a board the person sits on (the membership rule).
# Predicates take a membership or an interest: both name the person by user or contact.


def _memberships_of_the_person(obj):
    from .members import person_memberships

    return person_memberships(obj)


@rules.predicate
def is_the_person(user, obj) -> bool:
    return obj is not None and obj.user_id is not None and obj.user_id == user.pk


@rules.predicate
def reads_a_board_of_the_person(user, obj) -> bool:
    return obj is not None and visible_to(_memberships_of_the_person(obj), user).exists()


@rules.predicate
def keeps_a_board_of_the_person(user, obj) -> bool:
    from django.db.models import Q

    from .models import Partnership

    partnerships = _memberships_of_the_person(obj).values("board__partnership")
    return (
        Partnership.objects.filter(pk__in=partnerships)
        .filter(Q(lead_officer=user) | Q(supporting_officers=user))
        .exists()
    )


can_view_interest = is_staff_role | is_the_person | reads_a_board_of_the_person
can_keep_interests = is_the_person | is_administrator | (is_officer & keeps_a_board_of_the_person)
rules.add_perm("partnerships.view_interest", can_view_interest)
rules.add_perm("partnerships.add_interest", can_keep_interests)  # on the person's membership
rules.add_perm("partnerships.change_interest", can_keep_interests)
rules.add_perm("partnerships.view_interest_history", is_staff_role | is_the_person)
