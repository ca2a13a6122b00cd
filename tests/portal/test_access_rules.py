"""The access layer's own guarantees.

- A view that declares no rule is listed (the start-up check, the matrix) and refused.
- Each list filter (``visible_to``) and its view rule agree, for every role and every object of
  the matrix's generated data set: both read each model's one way up to its partnership.
- The reviewed rules: a self-assessment is its organisation's and the officers' until it is
  submitted, then the Compact partnership's boards'; a monitoring return is the recipient's,
  the officers' and the fund's board's.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from compact.models import Assessment
from grants.models import Award, MonitoringReturn
from partnerships import models as p
from partnerships.permissions import PARTNERSHIP_PATHS, partnership_of, visible_to
from portal.access import check_every_view_declares_a_rule, public, undeclared_views
from portal.views import PermissionMixin
from workprogramme import models as wp

from .test_access_matrix import ROLES, url_names, world  # noqa: F401  (the module's data set)

pytestmark = pytest.mark.django_db


class Unguarded(PermissionMixin, View):
    """Forgets to say who may see it."""

    def get(self, request):
        return HttpResponse("secret")


def plain(request):
    return HttpResponse("secret")


test_patterns = [
    path("unguarded/", Unguarded.as_view(), name="unguarded"),
    path("plain/", plain, name="plain"),
    path("open/", public(View.as_view()), name="open"),
]
urlpatterns = [*test_patterns, path("", include("portal.urls"))]


def test_a_view_that_declares_no_rule_is_listed_refused_and_missing_from_the_matrix(
    settings, client_for, officer
):
    assert undeclared_views(test_patterns) == ["plain", "unguarded"]
    settings.ROOT_URLCONF = __name__
    errors = check_every_view_declares_a_rule()
    assert [e.id for e in errors] == ["portal.E101", "portal.E101"]
    assert "'unguarded'" in errors[1].msg
    # The view itself refuses to serve, even to an officer.
    assert client_for(officer).get("/unguarded/").status_code == 403
    # And the matrix fails on any page it has no row for.
    from .test_access_matrix import PAGES

    assert {"unguarded", "plain", "open"} <= set(url_names()) - set(PAGES)


def test_the_portal_has_no_view_without_a_rule():
    assert check_every_view_declares_a_rule() == []


# Each list filter and the rule it mirrors.
PARTNERSHIP_MODELS = [
    p.Partnership,
    p.Board,
    p.BoardSeat,
    p.Membership,
    p.Contribution,
    p.RiskAssessment,
    p.ValueForMoneyReview,
    p.Action,
    p.KeyDecision,
    p.Meeting,
    p.AgendaItem,
    p.AgendaPack,
    p.MeetingAction,
]
WORK_MODELS = [
    wp.WorkProgramme,
    wp.Task,
    wp.TaskLink,
    wp.TaskAssessment,
    wp.RiskLog,
    wp.Risk,
    wp.RiskAction,
]
FILTERS = [
    *[
        (m, "partnerships.view_partnership", lambda qs, u: visible_to(qs, u))
        for m in PARTNERSHIP_MODELS
    ],
    *[(m, "workprogramme.view_programme", lambda qs, u: visible_to(qs, u)) for m in WORK_MODELS],
    (wp.WorkProgramme, "workprogramme.view_programme", lambda qs, u: qs.visible_to(u)),
    (wp.Task, "workprogramme.view_programme", lambda qs, u: qs.visible_to(u)),
    (wp.RiskLog, "workprogramme.view_programme", lambda qs, u: qs.visible_to(u)),
    (wp.Risk, "workprogramme.view_programme", lambda qs, u: qs.visible_to(u)),
    (p.Partnership, "partnerships.view_partnership", lambda qs, u: qs.openable_by(u)),
    (p.Organisation, "partnerships.view_organisation", lambda qs, u: qs.visible_to(u)),
    (Award, "grants.view_award", lambda qs, u: qs.visible_to(u)),
    (MonitoringReturn, "grants.view_return", lambda qs, u: qs.visible_to(u)),
    (Assessment, "compact.view_assessment", lambda qs, u: qs.visible_to(u)),
]


def test_every_model_with_a_way_up_is_registered_and_walks_to_its_partnership(world):  # noqa: F811
    for model in [*PARTNERSHIP_MODELS, *WORK_MODELS]:
        assert model._meta.label_lower in PARTNERSHIP_PATHS, model
        for obj in model._default_manager.all():
            assert isinstance(partnership_of(obj), p.Partnership), (model, obj.pk)


def test_the_list_filters_and_the_rules_agree_for_every_role_and_object(world):  # noqa: F811
    users = [world["users"][r] for r in ROLES if r in world["users"]]
    from django.contrib.auth.models import AnonymousUser

    disagreements = []
    for model, rule, listed in FILTERS:
        rows = list(model._default_manager.all())
        assert rows, f"the data set has no {model.__name__}"
        for user in [*users, AnonymousUser()]:
            in_list = set(listed(model._default_manager.all(), user).values_list("pk", flat=True))
            by_rule = {o.pk for o in rows if user.has_perm(rule, o)}
            if in_list != by_rule:
                disagreements.append(
                    f"{model.__name__} / {rule} / {user}: list {sorted(in_list)}, "
                    f"rule {sorted(by_rule)}"
                )
    assert not disagreements, "\n".join(disagreements)


def _by(world, role):  # noqa: F811
    return world["users"][role]


def test_a_draft_self_assessment_is_its_organisations_and_the_officers(world):  # noqa: F811
    from .test_access_matrix import CONTACT, MEMBER, OFFICER, OTHER_CONTACT, OTHER_MEMBER

    submitted, draft = world["objects"]["compact_assessment"]
    rule = "compact.view_assessment"
    assert _by(world, MEMBER).has_perm(rule, submitted)  # sits on a board of partnership A
    assert not _by(world, MEMBER).has_perm(rule, draft)
    assert not _by(world, OTHER_MEMBER).has_perm(rule, submitted)  # on none of its boards
    assert _by(world, CONTACT).has_perm(rule, submitted)  # X's own
    assert not _by(world, OTHER_CONTACT).has_perm(rule, submitted)
    assert _by(world, OFFICER).has_perm(rule, draft)


def test_a_monitoring_return_is_the_recipients_the_officers_and_the_funds_board(world):  # noqa: F811
    from .test_access_matrix import CONTACT, MEMBER, OFFICER, OTHER_MEMBER

    of_a, of_b = world["objects"]["return"]
    rule = "grants.view_return"
    assert _by(world, MEMBER).has_perm(rule, of_a) and not _by(world, MEMBER).has_perm(rule, of_b)
    assert _by(world, OTHER_MEMBER).has_perm(rule, of_b)
    assert not _by(world, OTHER_MEMBER).has_perm(rule, of_a)
    assert _by(world, CONTACT).has_perm(rule, of_a) and not _by(world, CONTACT).has_perm(rule, of_b)
    assert _by(world, OFFICER).has_perm(rule, of_b)
