"""Role predicates shared by every app's rules.

Each app states its own rules in its ``permissions.py`` from these predicates, and views,
templates and tests ask those rules (``user.has_perm("app.verb_object", obj)``).
"""

import rules

from .roles import Role, roles_of


@rules.predicate
def is_administrator(user) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


@rules.predicate
def is_officer(user) -> bool:
    return Role.OFFICER in roles_of(user)


@rules.predicate
def is_board_member(user) -> bool:
    return Role.BOARD_MEMBER in roles_of(user)


@rules.predicate
def is_partner_contact(user) -> bool:
    return Role.PARTNER_CONTACT in roles_of(user)


is_staff_role = is_administrator | is_officer
has_any_role = is_administrator | is_officer | is_board_member | is_partner_contact


@rules.predicate
def is_job_owner(user, job) -> bool:
    return job is not None and job.created_by_id == user.pk


rules.add_perm("portal.view_job", is_job_owner | is_administrator)
