"""What the API lets each person read: what the portal's pages show them. Signed out, only
the public site's meetings and papers; every other list is 401. A partner's contact sees
only their own partnerships; reports are the cleared and published ones a person may read."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import selectors
from api.pagination import PageNumberPagination
from compact.models import Consultation
from grants.models import Award
from partnerships.models import Meeting, Partnership, Report
from partnerships.public import public_reports
from workprogramme.models import Task

from .conftest import add_rows

pytestmark = pytest.mark.django_db

RESTRICTED = [
    "partnerships",
    "boards",
    "memberships",
    "funds",
    "awards",
    "work-programmes",
    "tasks",
    "risks",
    "compact-codes",
    "compact-commitments",
    "consultations",
]
LISTS = [*RESTRICTED, "meetings", "reports"]
ROLES = ["partner_contact", "board_member", "other_member", "officer", "lead", "administrator"]


def results(client, path, **params):
    response = client.get(f"/api/v1/{path}/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("path", RESTRICTED)
def test_signed_out_gets_401_for_everything_but_public_papers(world, path):
    response = Client().get(f"/api/v1/{path}/")
    assert response.status_code == 401
    assert "credentials" in response.json()["detail"]
    pk = {"partnerships": world["a"].pk, "tasks": world["task_a"].pk}.get(path, 1)
    assert Client().get(f"/api/v1/{path}/{pk}/").status_code == 401


def test_signed_out_reads_public_meetings_and_their_papers(world):
    meetings = {m["id"]: m for m in results(Client(), "meetings")}
    # Every meeting of a public board, as the public calendar lists them; none of the
    # private board's.
    assert set(meetings) == {world["meeting_a"].pk, world["meeting_b"].pk, world["unpublished"].pk}
    published = meetings[world["meeting_a"].pk]
    assert published["papers_published"] is True
    titles = [i["title"] for i in published["items"]]
    # The public agenda: the exempt item by its neutral title only.
    assert titles[1] == "Contract award" and "exempt paper" not in " ".join(titles)
    assert [p["restricted"] for p in published["packs"]] == [False]
    assert published["packs"][0]["download_url"].endswith(
        reverse("public:pack", args=[published["packs"][0]["id"]])
    )
    assert Client().get(published["packs"][0]["download_url"]).status_code == 200
    report_links = [i["report"] for i in published["items"] if i["report"]]
    assert report_links == [
        f"http://testserver/api/v1/reports/{world['reports_a']['published'].pk}/"
    ]
    later = meetings[world["unpublished"].pk]
    assert later["papers_published"] is False and later["items"] == [] and later["packs"] == []
    assert Client().get(f"/api/v1/meetings/{world['meeting_c'].pk}/").status_code == 404
    reports = {r["id"] for r in results(Client(), "reports")}
    assert reports == set(public_reports().values_list("pk", flat=True))
    assert reports == {world["reports_a"]["published"].pk, world["reports_b"]["published"].pk}
    exempt = world["reports_a"]["exempt"].pk
    assert Client().get(f"/api/v1/reports/{exempt}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_what_its_pages_show(world, token_client, role):
    user = world["users"][role]
    client = token_client(user)
    # Partnerships, meetings, programmes, tasks: those whose pages the person may open.
    expectations = {
        "partnerships": (Partnership.objects.all(), "partnerships.view_partnership"),
        "meetings": (Meeting.objects.all(), "partnerships.view_partnership"),
        "tasks": (Task.objects.all(), "workprogramme.view_programme"),
        "awards": (Award.objects.all(), "grants.view_award"),
    }
    for path, (rows, rule) in expectations.items():
        if path == "awards" and not user.has_perm("grants.list_awards"):
            continue
        shown = {r["id"] for r in results(client, path)}
        assert shown == {r.pk for r in rows if user.has_perm(rule, r)}, path
    # Reports: cleared and published only, each as its page would let the person read it.
    shown = {r["id"] for r in results(client, "reports", page_size=100)}
    readable = {
        r.pk
        for r in Report.objects.filter(status__in=["cleared", "published"])
        if user.has_perm("partnerships.view_report", r)
    }
    assert shown == readable
    drafts = set(Report.objects.filter(status="draft").values_list("pk", flat=True))
    assert not shown & drafts
    # Lists a role's pages do not open are 403, as the pages are.
    for path, rule in [
        ("funds", "grants.list_funds"),
        ("consultations", "compact.view_compliance"),
    ]:
        status = client.get(f"/api/v1/{path}/").status_code
        assert status == (200 if user.has_perm(rule) else 403), path


def test_a_partner_contact_sees_only_their_partnerships(world, token_client):
    client = token_client(world["users"]["partner_contact"])
    assert [p["name"] for p in results(client, "partnerships")] == ["Partnership A"]
    assert client.get(f"/api/v1/partnerships/{world['b'].pk}/").status_code == 404
    assert {b["name"] for b in results(client, "boards")} == {"Board A1"}
    assert [a["title"] for a in results(client, "awards")] == ["Grant to A"]
    meeting = client.get(f"/api/v1/meetings/{world['meeting_a'].pk}/").json()
    # Not a member in person: no exempt items, no restricted pack.
    assert [i["exempt"] for i in meeting["items"]] == [False, False, False]
    assert [p["restricted"] for p in meeting["packs"]] == [False]
    assert meeting["packs"][0]["download_url"].endswith(
        reverse("partnerships:pack_download", args=[meeting["packs"][0]["id"]])
    )
    reports = {r["id"] for r in results(client, "reports")}
    # Partnership A's published reports on items that are not exempt (the later meeting's
    # too: a published report is read on its page before its pack is out).
    assert reports == set(
        Report.objects.filter(
            status="published",
            agenda_item__exempt=False,
            agenda_item__meeting__board__partnership=world["a"],
        ).values_list("pk", flat=True)
    )
    assert world["reports_a"]["published"].pk in reports
    assert client.get("/api/v1/funds/").status_code == 403


def test_a_board_member_reads_their_boards_exempt_papers(world, token_client):
    client = token_client(world["users"]["board_member"])
    meeting = client.get(f"/api/v1/meetings/{world['meeting_a'].pk}/").json()
    assert any(i["exempt"] and "exempt paper" in i["title"] for i in meeting["items"])
    assert {p["restricted"] for p in meeting["packs"]} == {False, True}
    reports = {r["id"] for r in results(client, "reports")}
    a = world["reports_a"]
    assert {a["published"].pk, a["exempt"].pk} <= reports
    assert reports == set(  # published only: not the cleared one
        Report.objects.filter(
            status="published", agenda_item__meeting__board__partnership=world["a"]
        ).values_list("pk", flat=True)
    )
    assert client.get(f"/api/v1/reports/{a['cleared'].pk}/").status_code == 404


def test_the_lead_officer_reads_cleared_reports_of_their_partnership(world, token_client):
    reports = {
        r["id"] for r in results(token_client(world["users"]["lead"]), "reports", page_size=50)
    }
    assert world["reports_a"]["cleared"].pk in reports
    assert world["reports_b"]["cleared"].pk not in reports
    assert world["reports_a"]["draft"].pk not in reports


def test_a_hidden_record_is_404_for_every_method(world, token_client):
    client = token_client(world["users"]["partner_contact"])
    hidden = f"/api/v1/partnerships/{world['b'].pk}/"
    assert client.get(hidden).status_code == 404
    assert client.post(hidden, {}, content_type="application/json").status_code == 404
    seen = f"/api/v1/partnerships/{world['a'].pk}/"
    assert client.post(seen, {}, content_type="application/json").status_code == 405
    assert client.delete(seen).status_code == 405


def test_filters_mirror_the_list_pages(world, token_client):
    client = token_client(world["users"]["lead"])
    assert [p["name"] for p in results(client, "partnerships", q="Partnership B")] == [
        "Partnership B"
    ]
    assert results(client, "partnerships", status="dissolved") == []
    tasks = results(client, "tasks", audit_commission="true")
    assert [t["title"] for t in tasks] == ["Audit Commission task"]
    meetings = results(client, "meetings", board=world["board_b"].pk)
    assert [m["id"] for m in meetings] == [world["meeting_b"].pk]
    awards = results(client, "awards", q="someone else")
    assert [a["title"] for a in awards] == ["Grant to someone else"]
    risks = results(client, "risks", log=world["log_a"].pk)
    assert [r["id"] for r in risks] == [world["risk_a"].pk]
    assert results(client, "consultations", q="nothing like it") == []
    assert [c["id"] for c in results(client, "consultations")] == list(
        Consultation.objects.values_list("pk", flat=True)
    )
    # A value a filter cannot use is a 400 with the field's error, never a 500.
    response = client.get("/api/v1/partnerships/", {"kind": "castle"})
    assert response.status_code == 400 and "kind" in response.json()


def test_pages_of_results_are_stable_and_bounded(world, token_client, monkeypatch):
    client = token_client(world["users"]["administrator"])
    first = client.get("/api/v1/reports/", {"page_size": 3}).json()
    second = client.get("/api/v1/reports/", {"page_size": 3, "page": 2}).json()
    ids = [r["id"] for r in first["results"]] + [r["id"] for r in second["results"]]
    assert len(ids) == len(set(ids)) == 6
    assert first["next"].endswith("page=2&page_size=3")
    everything = client.get("/api/v1/reports/", {"page_size": 1000}).json()
    assert len(everything["results"]) == everything["count"] == 12  # under the cap of 100
    monkeypatch.setattr(PageNumberPagination, "max_page_size", 5)
    capped = client.get("/api/v1/reports/", {"page_size": 1000}).json()
    assert len(capped["results"]) == 5 and capped["count"] == 12
    assert client.get("/api/v1/reports/", {"page": 99}).status_code == 404


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_rows(world, token_client, path):
    client = token_client(world["users"]["lead"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{path}/", {"page_size": 100})
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    count()  # the token's "last used" is written once
    before, rows_before = count()
    add_rows(world, n=3)
    after, rows_after = count()
    assert rows_after > rows_before, "the test added no rows to this list"
    assert after == before, f"{path}: {before} queries with {rows_before} rows, {after} with more"


def test_signed_out_meetings_queries_do_not_grow_with_rows(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = Client().get("/api/v1/meetings/", {"page_size": 100})
        return len(queries), response.json()["count"]

    before, rows_before = count()
    add_rows(world, n=2)
    after, rows_after = count()
    assert rows_after > rows_before and after == before


def test_the_selectors_agree_with_the_rules_for_meetings_and_reports(world):
    """The list querysets and the one-object rules say the same, for every role."""
    for user in world["users"].values():
        assert set(selectors.meetings_for(user)) == {
            m for m in Meeting.objects.all() if user.has_perm("partnerships.view_partnership", m)
        }


def test_rates_are_limited(world, token_client, settings):
    rest = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    with override_settings(REST_FRAMEWORK=rest):
        client = token_client(world["users"]["lead"])
        statuses = [client.get("/api/v1/partnerships/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = client.get("/api/v1/partnerships/")
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
        anonymous = [Client().get("/api/v1/meetings/").status_code for _ in range(3)]
        assert anonymous == [200, 200, 429]
