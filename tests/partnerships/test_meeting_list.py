"""The meetings list across boards: the next 30 days by default, its filters, who sees which
meetings, its query count, and its CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaPack, Meeting
from portal.models import Job

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:meeting_list")
EXPORT = reverse("partnerships:meeting_export")


def _meeting(board, days, **kwargs):
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(board=board, start=start, venue="Westfields, Sandbach", **kwargs)


def _csv(job: Job) -> list[dict]:
    with job.file.open("rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8, marked for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _shown(response) -> list[int]:
    return [m.pk for m in response.context["meetings"]]


@pytest.fixture
def world(board_member, partner_contact):
    """Partnership A (the member sits on its board; the contact's organisation on its other
    board) and partnership B, which only officers see."""
    a = PartnershipFactory(name="Health and Wellbeing")
    board = BoardFactory(partnership=a, name="Health and Wellbeing Board")
    MembershipFactory(board=board, user=board_member, contact=None)
    officers = BoardFactory(partnership=a, name="Officer group")
    MembershipFactory(board=officers, organisation=partner_contact.organisation)
    b = PartnershipFactory(name="Community Safety")
    safety = BoardFactory(partnership=b, name="Safer Cheshire Board")
    meetings = {
        "soon": _meeting(board, 5),
        "later": _meeting(board, 45),
        "past": _meeting(board, -10, status=Meeting.Status.HELD),
        "officers": _meeting(officers, 10, status=Meeting.Status.CANCELLED),
        "hidden": _meeting(safety, 7),
    }
    AgendaPack.objects.create(meeting=meetings["soon"], published_at=timezone.now())
    AgendaPack.objects.create(meeting=meetings["officers"])  # built, not published
    return {"board": board, "officer_group": officers, "safety": safety, **meetings}


# --- the default window ---------------------------------------------------------------------


def test_the_next_30_days_by_default_shown_in_the_date_boxes(client_for, officer, world):
    response = client_for(officer).get(LIST)
    assert response.status_code == 200
    assert set(_shown(response)) == {world["soon"].pk, world["officers"].pk, world["hidden"].pk}
    today = timezone.localdate()
    form = response.context["filter"].form
    assert form["date_from"].value() == today.isoformat()
    assert form["date_to"].value() == (today + datetime.timedelta(days=30)).isoformat()
    page = response.content.decode()
    assert "Showing the next 30 days" in page
    assert f'value="{today.isoformat()}"' in page
    # The earliest first, each linked to its page.
    assert _shown(response)[0] == world["soon"].pk
    assert world["soon"].get_absolute_url() in page
    assert "Showing 1–3 of 3 meetings" in page
    assert EXPORT in page  # the "Export as CSV" button


def test_clearing_the_dates_shows_every_date(client_for, officer, world):
    response = client_for(officer).get(LIST, {"date_from": "", "date_to": ""})
    assert len(_shown(response)) == 5
    assert "Show the next 30 days" in response.content.decode()


def test_a_page_number_alone_keeps_the_default_window(client_for, officer, world):
    response = client_for(officer).get(LIST, {"page": "1"})
    assert world["later"].pk not in _shown(response)
    assert world["past"].pk not in _shown(response)


# --- each filter ----------------------------------------------------------------------------


def test_date_range(client_for, officer, world):
    start = timezone.localdate() + datetime.timedelta(days=40)
    end = start + datetime.timedelta(days=10)
    response = client_for(officer).get(
        LIST, {"date_from": start.isoformat(), "date_to": end.isoformat()}
    )
    assert _shown(response) == [world["later"].pk]


def test_board(client_for, officer, world):
    response = client_for(officer).get(LIST, {"board": world["officer_group"].pk, "date_from": ""})
    assert _shown(response) == [world["officers"].pk]
    # Typed text finds boards by their own or their partnership's name.
    response = client_for(officer).get(LIST, {"board": "Community Safety", "date_from": ""})
    assert _shown(response) == [world["hidden"].pk]


def test_status(client_for, officer, world):
    response = client_for(officer).get(LIST, {"status": "held"})
    assert _shown(response) == [world["past"].pk]


@pytest.mark.parametrize(
    "state,expected", [("published", ["soon"]), ("draft", ["officers"]), ("none", ["hidden"])]
)
def test_pack_state(client_for, administrator, world, state, expected):
    today = timezone.localdate()
    response = client_for(administrator).get(
        LIST,
        {
            "pack": state,
            "date_from": today.isoformat(),
            "date_to": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert _shown(response) == [world[k].pk for k in expected]


def test_the_row_shows_publication_date_and_pack_state(client_for, administrator, world):
    page = client_for(administrator).get(LIST).content.decode()
    assert "Pack published" in page
    assert "Draft pack (not published)" in page
    assert "No pack yet" in page
    due = world["hidden"].publication_date
    assert f"{due.day} {due:%b %Y}" in page


def test_a_draft_pack_is_shown_only_to_those_who_keep_the_meeting(client_for, officer, world):
    """As on the meeting page: an officer who neither leads nor supports the partnership sees
    no draft pack, and the filter agrees; once they support it, they see the draft."""
    today = timezone.localdate()
    window = {
        "date_from": today.isoformat(),
        "date_to": (today + datetime.timedelta(days=30)).isoformat(),
    }
    client = client_for(officer)

    def state():
        meetings = client.get(LIST).context["meetings"]
        return next(m.pack_state_label for m in meetings if m.pk == world["officers"].pk)

    assert state() == "No pack yet"
    assert world["officers"].pk in _shown(client.get(LIST, {"pack": "none", **window}))
    world["officers"].board.partnership.supporting_officers.add(officer)
    assert state() == "Draft pack (not published)"
    assert _shown(client.get(LIST, {"pack": "draft", **window})) == [world["officers"].pk]


def test_a_bad_date_is_a_message_on_its_field(client_for, officer, world):
    response = client_for(officer).get(LIST, {"date_from": "31/02/2026"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["date_from"]


# --- who sees which meetings ----------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response.url


def test_a_user_without_a_role_is_refused(client_for, no_role_user):
    assert client_for(no_role_user).get(LIST).status_code == 403


def test_administrator_sees_every_board(client_for, administrator, world):
    response = client_for(administrator).get(LIST, {"date_from": ""})
    assert len(_shown(response)) == 5


def test_a_member_sees_only_their_partnerships_meetings(client_for, board_member, world):
    response = client_for(board_member).get(LIST, {"date_from": ""})
    assert set(_shown(response)) == {world[k].pk for k in ("soon", "later", "past", "officers")}
    # Nor is the other partnership's board offered to filter by.
    response = client_for(board_member).get(LIST, {"board": world["safety"].pk, "date_from": ""})
    assert world["hidden"].pk not in _shown(response)


def test_a_partner_contact_sees_their_organisations_partnerships(
    client_for, partner_contact, world
):
    response = client_for(partner_contact).get(LIST)
    assert world["hidden"].pk not in _shown(response)
    assert world["officers"].pk in _shown(response)


def test_a_member_of_another_partnership_sees_none_of_these(client_for, make_user, world):
    from portal.roles import Role

    stranger = make_user(Role.BOARD_MEMBER, username="stranger")
    MembershipFactory(board=BoardFactory(name="Elsewhere"), user=stranger, contact=None)
    response = client_for(stranger).get(LIST, {"date_from": ""})
    assert _shown(response) == []
    assert "There are no meetings" not in response.content.decode()  # filtered, not empty


# --- the query count ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "board_member"])
def test_query_count_does_not_grow_with_rows(
    client_for, world, who, request, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    client = client_for(user)
    client.get(LIST)  # sessions, permissions cached
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(12):
        meeting = _meeting(world["board"] if n % 2 else world["officer_group"], 1 + n)
        AgendaPack.objects.create(meeting=meeting, published_at=timezone.now() if n % 3 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(_shown(response)) > 12


# --- CSV ------------------------------------------------------------------------------------


def test_export_of_the_filtered_list(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    form = client.get(LIST, {"pack": "published"}).context["filter"].form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT, {k: v for k, v in form.data.items() if v})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.message == "1 meeting exported."
    rows = _csv(job)
    assert list(rows[0]) == [
        "Date",
        "Start",
        "Board",
        "Partnership",
        "Venue",
        "Online meeting link",
        "Status",
        "Pack publication date",
        "Agenda pack",
        "Pack published at",
        "Contact officer",
    ]
    (row,) = rows
    soon = world["soon"]
    assert row["Board"] == "Health and Wellbeing Board"
    assert row["Date"] == soon.local_start.date().isoformat()
    assert datetime.datetime.fromisoformat(row["Start"]) == soon.start.replace(microsecond=0)
    assert row["Pack publication date"] == soon.publication_date.isoformat()
    assert row["Agenda pack"] == "Pack published"
    assert datetime.datetime.fromisoformat(row["Pack published at"]).tzinfo is not None


def test_the_default_window_is_what_is_exported(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    form = client.get(LIST).context["filter"].form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(EXPORT, {k: v for k, v in form.data.items() if v})
    rows = _csv(Job.objects.get())
    assert len(rows) == 3


def test_a_member_exports_only_what_they_may_see(
    client_for, board_member, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(board_member).post(EXPORT, {})
    rows = _csv(Job.objects.get())
    assert len(rows) == 4
    assert "Safer Cheshire Board" not in {r["Board"] for r in rows}


def test_export_refused_without_a_role(client_for, no_role_user):
    assert client_for(no_role_user).post(EXPORT, {}).status_code == 403
    assert not Job.objects.exists()
