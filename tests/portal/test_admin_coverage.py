"""Every model of the project's apps is in the Django admin, with a search box, and history where
the model keeps history; every admin's list (searched), add, change and history pages open for
an administrator, and a list's queries do not grow with its rows."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

PROJECT_APPS = ("portal", "partnerships", "grants", "compact", "workprogramme", "search", "api")

# Admins with no add page, and why: what they hold is made elsewhere, by a service that keeps
# its rules, and a row written by hand would be wrong.
NO_ADD_PAGE = {
    # Background jobs are queued by the pages that start them (exports, pack builds).
    "portal.Job": "jobs are queued by the pages that start them",
    # The sign-in record is written by the sign-in itself; it is never written by hand.
    "portal.SignInEvent": "the sign-in record is written by sign-ins alone",
    # People are added as users; this list is for the two-factor reset.
    "portal.TwoFactorAccount": "people are added as users; this list is for the reset",
    # A pack is built from its meeting (the build task writes the PDF and its details).
    "partnerships.AgendaPack": "packs are built from the meeting's page",
    # A funding change is recorded from the award's page, which cuts the award with it.
    "grants.AwardChange": "funding changes are recorded from the award's page",
    # Voter codes are issued in batches on the round's page, printed once, stored hashed.
    "grants.VoterCode": "voter codes are issued in batches from the round's page",
    # A level belongs to its matrix's version: changed on the matrix page, which versions it.
    "workprogramme.RiskLevel": "levels are changed on their matrix's page, which versions it",
    # Tokens are made by their owners on the profile page, which shows the key once.
    "api.ApiToken": "tokens are made by their owners on the profile page",
    # The search index is written by the records' own saves and by search_rebuild.
    "search.SearchEntry": "the index is written by the records' saves and search_rebuild",
}


def project_models():
    """Every model of the project's apps but simple-history's copies and m2m through tables."""
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.auto_created or model.__name__.startswith("Historical"):
                continue
            yield model


MODELS = sorted(project_models(), key=lambda m: m._meta.label)
REGISTERED = [m for m in MODELS if m in admin.site._registry]


def _ids(models):
    return [m._meta.label for m in models]


def test_the_list_of_models_is_not_empty():
    labels = set(_ids(MODELS))
    for label in ("partnerships.Attendance", "partnerships.Minutes", "grants.Payment"):
        assert label in labels
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)


@pytest.mark.parametrize("model", MODELS, ids=_ids(MODELS))
def test_every_model_has_an_admin_with_search(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} has no admin"
    assert model_admin.search_fields, f"{model._meta.label}'s admin list has no search box"
    assert model_admin.list_filter or model_admin.date_hierarchy, (
        f"{model._meta.label}'s admin list has no filters"
    )
    # A proxy (the two-factor list of users) shares its model's history, shown on that admin.
    if hasattr(model, "history") and not model._meta.proxy:
        assert isinstance(model_admin, SimpleHistoryAdmin), (
            f"{model._meta.label} keeps history, but its admin does not show it"
        )


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=_ids(REGISTERED))
def test_every_admin_list_and_add_page_opens(model, client_for, administrator):
    client = client_for(administrator)
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "changelist") + "?q=x").status_code == 200
    add = client.get(_url(model, "add")).status_code
    if model._meta.label in NO_ADD_PAGE:
        assert add == 403, f"{model._meta.label}: {NO_ADD_PAGE[model._meta.label]}"
    else:
        assert add == 200


def _top_up(administrator):
    """Rows the demo does not have: a meeting's attendance, declarations, minutes, actions,
    a key decision and a Compact action plan item."""
    from api.services import api_token_create

    api_token_create(user=administrator, name="Reporting script")
    from compact.models import ActionPlanItem, AssessmentRound
    from partnerships.models import (
        AgendaItem,
        Attendance,
        Declaration,
        KeyDecision,
        Meeting,
        MeetingAction,
        Minutes,
    )

    meeting = Meeting.objects.filter(items__isnull=False).first()
    items = list(AgendaItem.objects.filter(meeting=meeting)[:2])
    for name in ("A Guest", "B Guest"):
        Attendance.objects.create(meeting=meeting, name=name)
    for item in items:
        Declaration.objects.create(item=item, member="Cllr Smith", interest="A governor.")
        MeetingAction.objects.create(meeting=meeting, item=item, description="Do it", owner="X")
    for other in Meeting.objects.all()[:2]:
        Minutes.objects.get_or_create(meeting=other)
    for title in ("Decision one", "Decision two"):
        KeyDecision.objects.create(
            board=meeting.board,
            title=title,
            decision_date=datetime.date(2027, 1, 1),
            meeting=meeting,
        )
    from portal.models import Job

    for title in ("Export one", "Export two"):
        Job.objects.create(task_name="export", title=title, created_by=administrator)
    rounds = AssessmentRound.objects.all()
    for text in ("First action", "Second action"):
        ActionPlanItem.objects.create(round=rounds[0], item=text, owner="Compact officer")


@pytest.mark.django_db
def test_admin_pages_with_the_demo_data(client_for, administrator, monkeypatch):
    """With the demo's records: each list opens, its queries stay the same for one row and for
    a page of rows (no query a row), and each record's change and history pages open."""
    call_command("seed_demo", "--no-users", verbosity=0)
    _top_up(administrator)
    # The index is written after commit, which the test's transaction never reaches.
    call_command("search_rebuild", verbosity=0)
    client = client_for(administrator)
    empty, growing = [], []
    for model in REGISTERED:
        model_admin = admin.site._registry[model]
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            empty.append(model._meta.label)
            continue
        counts = {}
        for per_page in (1, 100):
            monkeypatch.setattr(model_admin, "list_per_page", per_page)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(_url(model, "changelist"))
            assert response.status_code == 200, model._meta.label
            counts[per_page] = len(queries)
        if model._default_manager.count() > 1 and counts[100] > counts[1]:
            growing.append(f"{model._meta.label}: {counts[1]} queries for 1 row, {counts[100]}")
        assert client.get(_url(model, "change", obj.pk)).status_code == 200, model._meta.label
        assert client.get(_url(model, "history", obj.pk)).status_code == 200, model._meta.label
    assert not growing, "admin lists that query once a row:\n" + "\n".join(growing)
    # An appendix needs a real PDF file; its pages are opened empty above.
    assert set(empty) <= {"partnerships.Appendix"}, empty
