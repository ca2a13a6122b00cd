"""History pages of a meeting (with its items, attendance, declarations, votes, packs, actions
and forward plan), of a report (with its appendices) and of a meeting's minutes: who may open
them, who and what they show, and that they cost the same number of queries however long the
history is."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from partnerships.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Declaration,
    KeyDecision,
    Meeting,
    MeetingAction,
    Minutes,
    Report,
    Vote,
)
from partnerships.views.history import MeetingRecords
from portal.history import history_rows, merge_rows, records_rows
from portal.roles import Role
from portal.services import validated_save

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(officer, board_member, make_user):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    chair = MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    outsider = make_user(Role.BOARD_MEMBER, username="outsider")
    MembershipFactory(board=BoardFactory(name="Elsewhere"), user=outsider, contact=None)
    meeting = Meeting.objects.create(
        board=board,
        start=timezone.now() + datetime.timedelta(days=3),
        venue="Westfields, Sandbach",
    )
    report = Report.objects.create(title="Ambition for All refresh", author="Steph Cordon")
    public = AgendaItem.objects.create(
        meeting=meeting, number=1, title="Ambition for All refresh", kind="decision", report=report
    )
    secret = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Contract award to Acme Ltd",
        exempt=True,
        exempt_paragraph=3,
        public_title="A contract award",
    )
    return {
        "meeting": meeting,
        "board": board,
        "chair": chair,
        "outsider": outsider,
        "report": report,
        "public": public,
        "secret": secret,
    }


def urls(setup):
    meeting = setup["meeting"]
    return {
        "meeting": reverse("partnerships:meeting_history", args=[meeting.pk]),
        "report": reverse("partnerships:report_history", args=[setup["report"].pk]),
        "minutes": reverse("partnerships:minutes_history", args=[meeting.pk]),
    }


# --- who may open them ----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["meeting", "report", "minutes"])
def test_history_pages_are_for_officers_of_records_they_may_see(
    client, client_for, officer, administrator, board_member, partner_contact, setup, page
):
    # The report is published, so that the board's member may read it (not its history).
    setup["report"].status = "published"
    setup["report"].finance_signoff = setup["report"].legal_signoff = "F"
    setup["report"].save()
    url = urls(setup)[page]
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response.url
    # A member of the board sees the meeting but not its history; others do not see it at all.
    assert client_for(board_member).get(url).status_code == 403
    assert client_for(setup["outsider"]).get(url).status_code == 404
    assert client_for(partner_contact).get(url).status_code == 404
    assert client_for(officer).get(url).status_code == 200
    assert client_for(administrator).get(url).status_code == 200


def test_an_unpublished_report_has_no_history_page_for_a_member(client_for, board_member, setup):
    url = urls(setup)["report"]
    assert client_for(board_member).get(url).status_code == 404


def test_the_records_link_to_their_history(client_for, officer, board_member, setup):
    meeting = setup["meeting"]
    Minutes.objects.create(meeting=meeting, notes="Welcome.")
    pages = urls(setup)
    officer_client = client_for(officer)
    meeting_page = officer_client.get(meeting.get_absolute_url()).content.decode()
    assert pages["meeting"] in meeting_page and pages["minutes"] in meeting_page
    report_page = officer_client.get(setup["report"].get_absolute_url()).content.decode()
    assert pages["report"] in report_page
    for name in ["minutes", "minutes_preview"]:
        page = officer_client.get(reverse(f"partnerships:{name}", args=[meeting.pk]))
        assert pages["minutes"] in page.content.decode(), name
    member_page = client_for(board_member).get(meeting.get_absolute_url()).content.decode()
    assert pages["meeting"] not in member_page


# --- what they show ---------------------------------------------------------------------------


def test_a_change_made_through_a_service_says_who_and_what(client_for, officer, setup):
    meeting = setup["meeting"]
    meeting.venue = "Municipal Buildings, Crewe"
    validated_save(meeting, by=officer)
    content = client_for(officer).get(urls(setup)["meeting"]).content.decode()
    assert "History of the meeting" in content and ">Record<" in content
    changed = content.split("Municipal Buildings, Crewe")[0].rsplit("<tr>", 1)[1]
    assert officer.get_full_name() in changed and "Changed" in changed and "Venue" in changed
    assert "Westfields, Sandbach" in changed  # the old venue, struck through


def test_the_meeting_history_holds_every_record_of_the_meeting(client_for, officer, setup):
    meeting, chair, item = setup["meeting"], setup["chair"], setup["public"]
    validated_save(Attendance(meeting=meeting, membership=chair, status="apologies"), by=officer)
    validated_save(
        Declaration(item=item, membership=chair, member="Cllr Chair", interest="Governor"),
        by=officer,
    )
    Vote.objects.create(item=item, membership=chair, choice="for")
    validated_save(
        MeetingAction(meeting=meeting, item=item, description="Write to the ICB", owner="SC"),
        by=officer,
    )
    KeyDecision.objects.create(
        board=setup["board"], meeting=meeting, title="Adopt the refresh", decision_date="2030-01-01"
    )
    content = client_for(officer).get(urls(setup)["meeting"]).content.decode()
    for record in [
        "Meeting",
        "Item 1: Ambition for All refresh",
        "Item 2: Contract award to Acme Ltd",  # an officer reads exempt items
        f"Attendance: {setup['chair'].person_name}",
        "Declaration: Cllr Chair on Item 1: Ambition for All refresh",
        f"Vote of {setup['chair'].person_name} on Item 1",
        "Action: Write to the ICB",
        "Forward plan: Adopt the refresh",
    ]:
        assert record in content, record
    assert "Apologies" in content and "Governor" in content


def test_a_pack_published_by_the_schedule_names_the_task_as_who(client_for, officer, setup):
    pack = AgendaPack.objects.create(meeting=setup["meeting"], state="ready")
    pack.published_at = timezone.now()
    pack._change_reason = "Scheduled publication"
    pack.save()
    rows = [
        r
        for r in MeetingRecords(setup["meeting"], restricted=True).pack_rows()
        if r.action == "Changed"
    ]
    assert [(r.record, r.who, [c.label for c in r.changes]) for r in rows] == [
        ("Agenda pack (public)", "Scheduled publication", ["Published"])
    ]
    content = client_for(officer).get(urls(setup)["meeting"]).content.decode()
    published = content.split("Scheduled publication")[0].rsplit("<tr>", 1)[1]
    assert "Agenda pack (public)" in published


def test_exempt_items_and_restricted_packs_are_left_out_for_readers_of_the_public_papers(
    client_for, officer, setup, monkeypatch
):
    meeting, secret, chair = setup["meeting"], setup["secret"], setup["chair"]
    secret.title = "Contract award to Acme Ltd (revised)"
    validated_save(secret, by=officer)
    validated_save(
        Declaration(item=secret, membership=chair, member="Cllr Chair", interest="Acme shares"),
        by=officer,
    )
    validated_save(
        MeetingAction(meeting=meeting, item=secret, description="Sign with Acme", owner="SC"),
        by=officer,
    )
    AgendaPack.objects.create(meeting=meeting, restricted=True, error="Acme appendix")
    AgendaPack.objects.create(meeting=meeting, restricted=False)
    # Public item that was once exempt: its earlier content was for members only.
    once = setup["public"]
    once.exempt, once.exempt_paragraph = True, 3
    validated_save(once, by=officer)
    once.exempt = False
    validated_save(once, by=officer)

    def text(rows):
        return " ".join(
            f"{r.record} {' '.join(f'{c.label} {c.old} {c.new}' for c in r.changes)}" for r in rows
        )

    restricted = text(MeetingHistoryRows(meeting, restricted=True))
    public = text(MeetingHistoryRows(meeting, restricted=False))
    for secret_text in ["Acme", "Sign with Acme", "Agenda pack (restricted)", "Ambition for All"]:
        assert secret_text in restricted
        assert secret_text not in public, secret_text
    assert "Agenda pack (public)" in public and "Meeting" in public
    # On the page: an officer without the restricted papers (were there one) sees the same.
    monkeypatch.setattr("partnerships.views.history.RESTRICTED", "partnerships.no_such_rule")
    content = client_for(officer).get(urls(setup)["meeting"]).content.decode()
    assert "Acme" not in content and "Agenda pack (public)" in content


def MeetingHistoryRows(meeting, *, restricted):
    records = MeetingRecords(meeting, restricted=restricted)
    return merge_rows(
        records.meeting_rows(),
        records.item_rows(),
        records.declaration_rows(),
        records.vote_rows(),
        records.pack_rows(),
        records.action_rows(),
        records.minutes_rows(),
    )


def test_the_report_history_shows_status_clearance_and_appendices(client_for, officer, setup):
    report = setup["report"]
    report.summary = "<p>A <strong>long</strong> summary.</p>"
    validated_save(report, by=officer)
    report.status = "submitted"
    validated_save(report, by=officer)
    appendix = Appendix(report=report, title="Map of the wards")
    appendix._history_user = officer
    appendix.file.save("map.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    content = client_for(officer).get(urls(setup)["report"]).content.decode()
    assert "History of the report: Ambition for All refresh" in content
    assert "Submitted" in content and "Draft" in content
    assert "Appendix A: Map of the wards" in content
    assert "A long summary." in content  # the HTML read as text
    assert officer.get_full_name() in content


def test_the_minutes_history_shows_drafting_approval_and_publication(client_for, officer, setup):
    meeting, item = setup["meeting"], setup["public"]
    later = Meeting.objects.create(
        board=setup["board"], start=meeting.start + datetime.timedelta(days=30), venue="Crewe"
    )
    minutes = validated_save(Minutes(meeting=meeting, notes="Welcome."), by=officer)
    item.resolution = "Agreed the refresh."
    validated_save(item, by=officer)
    item.title = "A new title is not minuted"
    validated_save(item, by=officer)
    minutes.published_at = timezone.now()
    validated_save(minutes, by=officer)
    minutes.status, minutes.approved_at = "approved", later
    validated_save(minutes, by=officer)
    content = client_for(officer).get(urls(setup)["minutes"]).content.decode()
    assert "History of the minutes" in content
    assert "Welcome." in content and "Agreed the refresh." in content
    assert "Approved" in content and str(later) in content and "Published" in content
    # The item's other changes are the agenda's, not the minutes' (its row keeps its name).
    assert "<strong>Title</strong>" not in content
    assert content.count(f"Item 1: {item.title}") == 1  # the resolution; not its creation


# --- portal.history --------------------------------------------------------------------------


def test_history_rows_of_one_record_are_unchanged(officer, setup):
    meeting = setup["meeting"]
    meeting.venue = "Crewe"
    validated_save(meeting, by=officer)
    rows = history_rows(meeting)
    assert [r.action for r in rows] == ["Changed", "Created"]
    assert rows[0].who == officer.get_full_name() and rows[0].record == ""
    assert [(c.label, c.old, c.new) for c in rows[0].changes] == [
        ("Venue", "Westfields, Sandbach", "Crewe")
    ]


def test_records_rows_compare_each_record_with_its_own_previous_one(officer, setup):
    first, second = setup["public"], setup["secret"]
    first.title = "First, renamed"
    validated_save(first, by=officer)
    rows = records_rows(
        AgendaItem.history.filter(meeting_id=setup["meeting"].pk),
        label=lambda record, show: f"{record.number}",
        only=["title"],
    )
    assert [(r.record, r.action) for r in rows] == [
        ("1", "Changed"),
        ("2", "Created"),
        ("1", "Created"),
    ]
    assert [(c.old, c.new) for c in rows[0].changes] == [
        ("Ambition for All refresh", "First, renamed")
    ]
    assert second.title in rows[1].changes[0].new


# --- query counts ---------------------------------------------------------------------------


def _fill(setup, officer, n):
    meeting, board = setup["meeting"], setup["board"]
    for i in range(n):
        membership = MembershipFactory(board=board, contact__name=f"Member {i}")
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=10 + i,
            title=f"Item {i}",
            kind="decision",
            report=Report.objects.create(title=f"Report {i}", author="A"),
        )
        item.minute = f"Minute {i}"
        validated_save(item, by=officer)
        validated_save(Attendance(meeting=meeting, membership=membership), by=officer)
        validated_save(
            Declaration(item=item, membership=membership, member=f"M{i}", interest="x"), by=officer
        )
        Vote.objects.create(item=item, membership=membership, choice="for")
        validated_save(
            MeetingAction(meeting=meeting, item=item, description=f"Do {i}", owner="O"), by=officer
        )
        KeyDecision.objects.create(
            board=board, meeting=meeting, title=f"Decide {i}", decision_date="2030-01-01"
        )
        pack = AgendaPack.objects.create(meeting=meeting, version=1 + i, restricted=bool(i % 2))
        pack.state = "ready"
        pack._change_reason = "Scheduled publication"
        pack.save()
        appendix = Appendix(report=setup["report"], title=f"Appendix {i}", order=i + 1)
        appendix.file.save(f"a{i}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        setup["report"].title = f"Ambition for All, take {i}"
        validated_save(setup["report"], by=officer)
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    minutes.notes = f"Notes {n}"
    validated_save(minutes, by=officer)


@pytest.mark.parametrize("page", ["meeting", "report", "minutes"])
@pytest.mark.parametrize("n", [2, 12])
def test_history_pages_query_count(
    client_for, officer, setup, page, n, django_assert_max_num_queries
):
    _fill(setup, officer, n)
    client = client_for(officer)
    url = urls(setup)[page]
    # The same for 2 of everything as for 12 (22, 7 and 10 now): the officer's session and
    # second factor, the record, one query per model's history and one per foreign key it
    # names (a report's sign-offs name people: room for them).
    limits = {"meeting": 24, "report": 10, "minutes": 12}
    with django_assert_max_num_queries(limits[page]):
        response = client.get(url)
    assert response.status_code == 200
    assert f"Notes {n}" in response.content.decode() or page == "report"
