import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Job
from workprogramme.models import Risk, RiskAction

from .factories import RiskActionFactory, RiskFactory, RiskLogFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LOGS = reverse("workprogramme:risklog_list")


def risk_form(**changes):
    data = {
        "reference": "R9",
        "title": "Consultation is challenged",
        "cause": "Too little time",
        "effect": "Judicial review",
        "category": "legal",
        "owner": "Legal Services",
        "inherent_likelihood": "3",
        "inherent_impact": "5",
        "controls": "Legal advice",
        "residual_likelihood": "2",
        "residual_impact": "5",
        "target_likelihood": "1",
        "target_impact": "5",
        "treatment": "treat",
        "status": "open",
        "review_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "who,which,read,edit",
    [
        ("officer", "", 200, 200),
        ("supporter", "", 200, 200),
        ("stranger", "", 200, 403),
        ("administrator", "other_", 200, 200),
        ("board_member", "", 200, 403),
        ("board_member", "other_", 404, 404),
        ("partner_contact", "", 200, 403),
        ("partner_contact", "other_", 404, 404),
        ("no_role_user", "", 404, 404),
    ],
)
def test_risk_pages_per_role(request, client_for, world, who, which, read, edit):
    user = world.get(who) or request.getfixturevalue(who)
    client = client_for(user)
    log = world[f"{which}log"]
    risk = RiskFactory(log=log)
    action = RiskActionFactory(risk=risk)
    for url in [
        log.get_absolute_url(),
        reverse("workprogramme:risklog_heat_map", args=[log.pk]),
        risk.get_absolute_url(),
    ]:
        assert client.get(url).status_code == read, url
    for name, pk in [
        ("risklog_edit", log.pk),
        ("risk_add", log.pk),
        ("risk_edit", risk.pk),
        ("risk_action_add", risk.pk),
        ("risk_action_edit", action.pk),
    ]:
        assert client.get(reverse(f"workprogramme:{name}", args=[pk])).status_code == edit, name
    staff = who in ("officer", "supporter", "stranger", "administrator")
    history = 200 if staff else (404 if read == 404 else 403)
    for name, pk in [
        ("risklog_history", log.pk),
        ("risk_history", risk.pk),
        ("risk_action_history", action.pk),
    ]:
        assert client.get(reverse(f"workprogramme:{name}", args=[pk])).status_code == history


def test_the_list_of_risk_logs_per_role(role_client, world):
    role, client = role_client
    response = client.get(LOGS)
    expected = {"anonymous": 302, "no_role_user": 403}.get(role, 200)
    assert response.status_code == expected
    if expected == 200:
        names = {log.name for log in response.context["logs"]}
        assert "Health refresh" in names
        assert ("Carlisle refresh" in names) == (role in ("officer", "administrator"))


def test_overdue_reviews_and_residual_scores_above_appetite_are_flagged(
    client_for, board_member, world
):
    log = world["log"]  # appetite 8
    RiskFactory(
        log=log, reference="R1", title="Overdue one", review_date=TODAY - datetime.timedelta(days=1)
    )
    RiskFactory(log=log, reference="R2", title="Too high", residual_likelihood=3, residual_impact=3)
    RiskFactory(log=log, reference="R3", title="Fine", residual_likelihood=2, residual_impact=4)
    RiskFactory(
        log=log,
        reference="R4",
        title="Closed",
        status="closed",
        residual_likelihood=5,
        residual_impact=5,
        review_date=TODAY - datetime.timedelta(days=100),
    )
    client = client_for(board_member)
    response = client.get(log.get_absolute_url())
    content = response.content.decode()
    assert "1</strong> review overdue" in content and "1</strong> above the appetite" in content
    assert content.count(">Review overdue</span>") == 1
    assert content.count(">Above appetite</span>") == 1
    overdue = client.get(log.get_absolute_url(), {"review_overdue": "true"}).context["risks"]
    assert [r.title for r in overdue] == ["Overdue one"]
    above = client.get(log.get_absolute_url(), {"above_appetite": "true"}).context["risks"]
    assert [r.title for r in above] == ["Too high"]
    detail = client.get(Risk.objects.get(reference="R2").get_absolute_url()).content.decode()
    assert "is above the log's appetite (8)" in detail


def test_risk_heat_map_cells_link_to_lists_with_their_counts(client_for, officer, world):
    log = world["log"]
    for likelihood, impact in [(4, 4), (4, 4), (2, 3), (1, 1)]:
        RiskFactory(log=log, residual_likelihood=likelihood, residual_impact=impact)
    RiskFactory(log=log, residual_likelihood=4, residual_impact=4, status="closed")
    client = client_for(officer)
    content = client.get(reverse("workprogramme:risklog_heat_map", args=[log.pk])).content.decode()
    cells = re.findall(r'<a href="([^"]+)"[^>]*>(\d+)<span class="visually-hidden">', content)
    assert sorted(int(n) for _, n in cells) == [1, 1, 2]
    for href, n in cells:
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.context["page_obj"].paginator.count == int(n), href


def test_a_risk_score_outside_the_scale_is_refused(client_for, officer, world):
    log = world["log"]
    client = client_for(officer)
    url = reverse("workprogramme:risk_add", args=[log.pk])
    response = client.post(url, risk_form(residual_impact="7"))
    assert "Impact must be between 1 and 5" in response.content.decode()
    assert not Risk.objects.exists()
    response = client.post(url, risk_form())
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.log, risk.matrix, risk.residual_level.name) == (log, log.matrix, "Medium")
    action = client.post(
        reverse("workprogramme:risk_action_add", args=[risk.pk]),
        {
            "description": "Publish a 12-week consultation",
            "owner": "Partnerships Officer",
            "due_date": "2020-01-01",
            "status": "open",
        },
    )
    assert action.status_code == 302
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Publish a 12-week consultation" in page and ">Overdue</span>" in page
    action = RiskAction.objects.get()
    history = client.get(reverse("workprogramme:risk_action_history", args=[action.pk]))
    assert "Publish a 12-week consultation" in history.content.decode()
    crumbs = [label for label, _ in history.context["breadcrumbs"]]
    assert crumbs[-3:] == [risk.reference, str(action), "History"]


def test_risk_log_query_counts_do_not_grow(client_for, officer, world):
    log = world["log"]
    client = client_for(officer)
    urls = [log.get_absolute_url(), reverse("workprogramme:risklog_heat_map", args=[log.pk]), LOGS]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        return out

    for n in range(5):
        RiskFactory(log=log, residual_likelihood=1 + n % 5, residual_impact=1 + (2 * n) % 5)
    few = counts()
    for n in range(45):
        RiskFactory(log=log, residual_likelihood=1 + n % 5, residual_impact=1 + (3 * n) % 5)
    RiskLogFactory.create_batch(10, partnership=world["health"])
    assert counts() == few
    risk = log.risks.first()
    for _ in range(3):
        RiskActionFactory(risk=risk)
    with CaptureQueriesContext(connection) as q1:
        client.get(risk.get_absolute_url())
    for _ in range(20):
        RiskActionFactory(risk=risk)
    with CaptureQueriesContext(connection) as q2:
        client.get(risk.get_absolute_url())
    assert len(q1) == len(q2)


def test_risk_csv_export(client_for, officer, world, django_capture_on_commit_callbacks):
    log = world["log"]
    RiskFactory(log=log, reference="R1", title="High one", residual_likelihood=4, residual_impact=4)
    RiskFactory(log=log, reference="R2", title="Low one", residual_likelihood=1, residual_impact=1)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(
            reverse("workprogramme:risk_export"), {"log": log.pk, "above_appetite": "true"}
        )
    job = Job.objects.get()
    job.refresh_from_db()
    with job.file.open("rb") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))
    assert [
        (r["Reference"], r["Residual score"], r["Residual level"], r["Above appetite"])
        for r in rows
    ] == [("R1", "16", "High", "Yes")]


def test_a_rescored_risk_moves_to_the_logs_current_matrix(world):
    from workprogramme.defaults import grid_from_thresholds
    from workprogramme.services import matrix_revise

    log = world["log"]
    risk = RiskFactory(log=log, residual_likelihood=2, residual_impact=5)
    old_matrix = risk.matrix
    revised = matrix_revise(
        matrix=old_matrix, grid=grid_from_thresholds(5, 5, [(10, 1), (6, 2), (1, 3)])
    )
    risk.refresh_from_db()
    risk.owner = "Someone else"
    risk.save()
    assert risk.matrix == old_matrix and risk.residual_level.name == "Medium"
    risk.residual_likelihood = 2
    risk.residual_impact = 5
    risk.target_impact = 4
    risk.save()
    assert risk.matrix == revised and risk.residual_level.name == "High"


def test_risks_of_equal_score_are_listed_r2_before_r10():
    log = RiskLogFactory()
    for reference in ["R10", "R2", "R1"]:
        RiskFactory(log=log, reference=reference)
    listed = [risk.reference for risk in Risk.objects.filter(log=log).for_list()]
    assert listed == ["R1", "R2", "R10"]
