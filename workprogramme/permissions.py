"""Who may do what with work programmes and risk logs: their partnership's rules.

Officers who lead or support the partnership (and administrators) keep its programmes and risk
logs; other officers read them; board members and partners' contacts read those of the
partnerships they belong to; anyone else gets a 404. Every object here walks up to its
partnership by the one way up registered below, which the rules, the list filters
(``visible_to``) and the access checks all read.
"""

import rules

from partnerships.permissions import belongs_to, leads_or_supports, register_partnership_paths
from portal.permissions import (
    has_any_role,
    is_administrator,
    is_board_member,
    is_officer,
    is_partner_contact,
    is_staff_role,
)

register_partnership_paths(
    {
        "workprogramme.workprogramme": "partnership",
        "workprogramme.task": "programme__partnership",
        "workprogramme.tasklink": "from_task__programme__partnership",
        "workprogramme.taskassessment": "task__programme__partnership",
        "workprogramme.risklog": "partnership",
        "workprogramme.risk": "log__partnership",
        "workprogramme.riskaction": "risk__log__partnership",
    }
)

can_list = has_any_role
can_view = is_staff_role | ((is_board_member | is_partner_contact) & belongs_to)
can_change = is_administrator | (is_officer & leads_or_supports)

rules.add_perm("workprogramme.list_programmes", can_list)
rules.add_perm("workprogramme.add_programme", is_staff_role)
rules.add_perm("workprogramme.view_programme", can_view)
rules.add_perm("workprogramme.change_programme", can_change)
rules.add_perm("workprogramme.view_history", is_staff_role)
