"""Who may do what with the partnerships app's objects.

Views, templates and tests all ask these rules through ``user.has_perm(name, obj)``; the
querysets' ``visible_to`` mirror the view rules for lists (a test keeps the two in step).
"""

import rules

from portal.permissions import (
    has_any_role,
    is_board_member,
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
