"""Who may do what with work programmes and risk logs: their partnership's rules.

Officers who lead or support the partnership (and administrators) keep its programmes and risk
logs; other officers read them; board members and partners' contacts read those of the
partnerships they belong to; anyone else gets a 404. Every object here walks up to its
partnership (programme → partnership, task → programme → partnership, risk → log → ...).
"""

import rules

from partnerships.permissions import belongs_to, leads_or_supports
from portal.permissions import (
    has_any_role,
    is_administrator,
    is_board_member,
    is_officer,
    is_partner_contact,
    is_staff_role,
)


def partnership_of(obj):
    """The partnership a programme, task, assessment, link, risk log, risk or action is for."""
    from partnerships.models import Partnership

    for _ in range(5):
        if obj is None or isinstance(obj, Partnership):
            return obj
        for step in ("programme", "log", "task", "risk", "from_task", "partnership"):
            parent = getattr(obj, step, None)
            if parent is not None:
                obj = parent
                break
        else:
            return None
    return obj if isinstance(obj, Partnership) else None


@rules.predicate
def keeps_its_partnership(user, obj) -> bool:
    return leads_or_supports.test(user, partnership_of(obj))


@rules.predicate
def belongs_to_its_partnership(user, obj) -> bool:
    return belongs_to.test(user, partnership_of(obj))


can_list = has_any_role
can_view = is_staff_role | ((is_board_member | is_partner_contact) & belongs_to_its_partnership)
can_change = is_administrator | (is_officer & keeps_its_partnership)

rules.add_perm("workprogramme.list_programmes", can_list)
rules.add_perm("workprogramme.add_programme", is_staff_role)
rules.add_perm("workprogramme.view_programme", can_view)
rules.add_perm("workprogramme.change_programme", can_change)
rules.add_perm("workprogramme.view_history", is_staff_role)
