import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaItem, AgendaPack, Meeting, Report
from partnerships.services import meeting_publish
from partnerships.tasks import packs_publish_due
from portal.history import history_rows
from portal.models import Job

from ..conftest import wait_for_job
from .factories import BoardFactory, MembershipFactory, PartnershipFactory
from .test_packs import tiny_pdf

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def setup(officer, board_member, make_user):
    from portal.roles import Role

    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    MembershipFactory(
        board=board, contact__name="Dr A Patel", contact__email="a.patel@example.nhs.uk"
    )
    outsider = make_user(Role.BOARD_MEMBER, username="outsider")
    other_board = BoardFactory(partnership=partnership, name="Officer group")
    MembershipFactory(board=other_board, user=outsider, contact=None)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(board=board, start=start, venue="Westfields, Sandbach")
    public = Report.objects.create(
        title="Ambition for All refresh",
        author="Steph Cordon",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Public summary.</p>",
    )
    secret = Report.objects.create(
        title="Contract award",
        author="Steph Cordon",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Exempt summary.</p>",
    )
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Ambition for All refresh", report=public
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Contract award",
        exempt=True,
        exempt_paragraph=3,
        exemption_reason="Commercially sensitive",
        report=secret,
    )
    return {
        "meeting": meeting,
        "board": board,
        "outsider": outsider,
        "public": public,
        "secret": secret,
    }


def test_meeting_page_per_role(client_for, officer, board_member, partner_contact, setup):
    url = setup["meeting"].get_absolute_url()
    officer_page = client_for(officer).get(url).content.decode()
    assert "Contract award" in officer_page and "Build draft pack" in officer_page
    member_page = client_for(board_member).get(url).content.decode()
    assert "Ambition for All refresh" in member_page and "Contract award" in member_page
    assert "Build draft pack" not in member_page
    # Someone on another board of the same partnership reads the public agenda only.
    outsider_page = client_for(setup["outsider"]).get(url).content.decode()
    assert "Ambition for All refresh" in outsider_page and "Contract award" not in outsider_page
    assert client_for(partner_contact).get(url).status_code == 404


def test_officer_builds_a_draft_pack_and_members_see_only_published_packs(
    client_for, officer, board_member, setup, django_capture_on_commit_callbacks
):
    meeting = setup["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(reverse("partnerships:pack_build", args=[meeting.pk]))
    job = Job.objects.get()
    # Back on the meeting page, whose progress panel follows the job.
    assert response.url == meeting.get_absolute_url() + "#job-progress"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert "Agenda pack (public)" in job.message and "Agenda pack (restricted)" in job.message
    public = AgendaPack.objects.get(meeting=meeting, restricted=False)
    assert public.state == "ready" and public.page_count >= 3
    # A draft is for officers: a member cannot download it until it is published.
    assert client_for(officer).get(public.get_absolute_url()).status_code == 200
    assert client_for(board_member).get(public.get_absolute_url()).status_code == 404


def test_scheduled_publishing_runs_twice_and_publishes_once(
    settings, setup, board_member, client_for, officer, django_capture_on_commit_callbacks
):
    meeting = setup["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        assert packs_publish_due.apply().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert packs_publish_due.apply().get() == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PACK_PUBLISHED
    packs = AgendaPack.objects.filter(meeting=meeting)
    assert packs.count() == 2 and all(p.published_at for p in packs)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [board_member.email, "a.patel@example.nhs.uk"]
    )
    assert "Agenda pack published: Health and Wellbeing Board" in mail.outbox[0].subject
    assert meeting.get_absolute_url() in mail.outbox[0].body
    assert Report.objects.filter(status="published").count() == 2
    # The history of the meeting, its packs and its reports names the scheduled task.
    for record in (meeting, *packs, *Report.objects.all()):
        last = record.history.order_by("-history_date", "-pk").first()
        assert last.history_user is None
        assert last.history_change_reason == "Scheduled publication", record
    pack_history = history_rows(packs[0])
    assert pack_history[0].who == "Scheduled publication"
    assert any(c.label == "Published at" for c in pack_history[0].changes)
    assert any(c.label == "State" and c.new == "Ready" for r in pack_history for c in r.changes)
    # ... and the meeting's and the report's history pages say so.
    for url in (
        reverse("partnerships:meeting_history", args=[meeting.pk]),
        reverse("partnerships:report_history", args=[Report.objects.first().pk]),
    ):
        page = client_for(officer).get(url).content.decode()
        assert "Scheduled publication" in page and "Published" in page


def test_publishing_now_is_recorded_as_the_officer_who_asked(
    client_for, officer, setup, django_capture_on_commit_callbacks
):
    meeting = setup["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(reverse("partnerships:meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PACK_PUBLISHED
    for record in (meeting, *meeting.packs.all(), *Report.objects.all()):
        last = record.history.order_by("-history_date", "-pk").first()
        assert last.history_user == officer, record


def test_a_meeting_not_yet_due_is_left_alone(setup):
    meeting = setup["meeting"]
    meeting.start = timezone.now() + datetime.timedelta(days=30)
    meeting.save()
    assert packs_publish_due.apply().get() == 0
    assert not AgendaPack.objects.exists()


def test_restricted_pack_only_for_the_boards_members(client_for, officer, board_member, setup):
    assert meeting_publish(meeting_id=setup["meeting"].pk)
    restricted = AgendaPack.objects.get(restricted=True)
    public = AgendaPack.objects.get(restricted=False)
    assert client_for(board_member).get(restricted.get_absolute_url()).status_code == 200
    assert client_for(setup["outsider"]).get(restricted.get_absolute_url()).status_code == 404
    response = client_for(setup["outsider"]).get(public.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_failed_build_shows_its_error_and_keeps_the_last_pack(
    client_for, officer, setup, monkeypatch
):
    meeting = setup["meeting"]
    import partnerships.packs as packs

    # A good draft first (a published pack is never rebuilt, so this is before publication).
    public = packs.pack_build(pack_id=packs.packs_for(meeting)[0].pk)
    good = public.file.read()

    def broken(*a, **k):
        raise packs.PackError("Appendix A of item 1 (Map) could not be read as a PDF")

    monkeypatch.setattr(packs, "build_pack_pdf", broken)
    packs.pack_build(pack_id=public.pk)
    page = client_for(officer).get(meeting.get_absolute_url()).content.decode()
    assert "The last build failed: Appendix A of item 1 (Map) could not be read" in page
    assert "The previous pack is still available" in page
    download = client_for(officer).get(public.get_absolute_url())
    assert b"".join(download.streaming_content) == good


def test_report_clearance_and_a_change_after_it(client_for, officer, setup, signer):
    meeting = setup["meeting"]
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Town partnerships")
    client = client_for(officer)
    response = client.post(
        reverse("partnerships:report_add", args=[item.pk]),
        {
            "title": "Town partnership funding",
            "author": "Steph Cordon",
            "summary": "We provide £8,000 per town partnership.\n\nA fund of £72,000 is needed.",
            "recommendations": "Agree the approach to funding town partnerships for 2016/17",
            "background": '<p onclick="steal()">Background<script>alert(1)</script></p>',
        },
    )
    report = Report.objects.get(title="Town partnership funding")
    assert response.url == report.get_absolute_url()
    assert (
        report.summary
        == "<p>We provide £8,000 per town partnership.</p><p>A fund of £72,000 is needed.</p>"
    )
    assert "script" not in report.background and "onclick" not in report.background
    response = client.post(
        reverse("partnerships:report_transition", args=[report.pk, "cleared"]), follow=True
    )
    report.refresh_from_db()
    assert report.status == "draft"  # cleared only by its sign-offs, not by its author
    assert "cleared by its finance and legal sign-offs" in response.content.decode()
    client.post(reverse("partnerships:report_transition", args=[report.pk, "submitted"]))
    finance, legal = signer("finance"), signer("legal")
    for user, kind in ((finance, "finance"), (legal, "legal")):
        url = reverse("partnerships:report_sign_off", args=[report.pk, kind])
        client_for(user).post(url, {"comment": ""})
    report.refresh_from_db()
    assert report.status == "cleared" and report.finance_signed_by == finance
    data = {f: getattr(report, f) or "" for f in ["title", "author", "summary", "recommendations"]}
    client.post(
        reverse("partnerships:report_edit", args=[report.pk]), {**data, "summary": "Changed"}
    )
    report.refresh_from_db()
    # A change after clearance needs clearing again: both sign-offs are void.
    assert report.status == "submitted"
    assert report.finance_signoff == report.legal_signoff == "" and report.cleared_at is None


def test_appendix_must_be_a_pdf(client_for, officer, setup, settings):
    url = reverse("partnerships:appendix_add", args=[setup["public"].pk])
    client = client_for(officer)
    fake = SimpleUploadedFile("map.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Map", "order": 1, "file": fake})
    assert "This is not a PDF file" in response.content.decode()
    settings.PORTAL_APPENDIX_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pdf", tiny_pdf("x"), content_type="application/pdf")
    response = client.post(url, {"title": "Big", "order": 1, "file": big})
    assert "the limit is" in response.content.decode()
    settings.PORTAL_APPENDIX_MAX_BYTES = 10_000_000
    ok = SimpleUploadedFile("map.pdf", tiny_pdf("MAP"), content_type="application/pdf")
    assert client.post(url, {"title": "Map", "order": 1, "file": ok}).status_code == 302
    assert setup["public"].appendices.count() == 1


def test_exempt_item_needs_its_schedule_12a_paragraph(client_for, officer, setup):
    url = reverse("partnerships:agenda_item_add", args=[setup["meeting"].pk])
    client = client_for(officer)
    response = client.post(
        url, {"number": 5, "title": "Staffing", "kind": "decision", "exempt": "on"}
    )
    assert "Choose the paragraph of Schedule 12A" in response.content.decode()
    assert not AgendaItem.objects.filter(number=5).exists()
    # The paragraphs are offered as a list, in the words of the Act.
    page = client.get(url).content.decode()
    assert "Paragraph 4: Information relating to any consultations or negotiations" in page
    response = client.post(
        url,
        {
            "number": 5,
            "title": "Staffing restructure",
            "kind": "decision",
            "exempt": "on",
            "exempt_paragraph": 4,
            "public_title": "Staffing matter",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(number=5)
    assert (item.exempt_paragraph, item.shown_title) == (4, "Staffing matter")


@pytest.mark.parametrize(
    "who,status", [("officer", 200), ("board_member", 403), ("partner_contact", 404)]
)
def test_meeting_editing_pages(request, client_for, setup, who, status):
    client = client_for(request.getfixturevalue(who))
    meeting = setup["meeting"]
    for url in [
        reverse("partnerships:meeting_edit", args=[meeting.pk]),
        reverse("partnerships:agenda_item_add", args=[meeting.pk]),
    ]:
        assert client.get(url).status_code == status, url
    # A paper not yet published is not there at all for a reader: neither it nor its pages.
    for url in [
        reverse("partnerships:report_edit", args=[setup["public"].pk]),
        reverse("partnerships:appendix_add", args=[setup["public"].pk]),
    ]:
        assert client.get(url).status_code == (404 if who == "board_member" else status), url
    assert (
        client.get(reverse("partnerships:meeting_add", args=[setup["board"].pk])).status_code
        == status
    )


@pytest.mark.parametrize("items", [2, 20])
def test_meeting_page_query_count(client_for, officer, setup, items, django_assert_max_num_queries):
    for n in range(3, items + 3):
        AgendaItem.objects.create(
            meeting=setup["meeting"],
            number=n,
            title=f"Item {n}",
            report=Report.objects.create(title=f"R{n}", author="A"),
        )
    client = client_for(officer)
    # The same for 2 items as for 20: with the officer's second factor and the reports'
    # appendices (to say which are not accessible), and a "publish now" job in hand, 15.
    with django_assert_max_num_queries(16):  # with the jobs in progress for the meeting
        assert client.get(setup["meeting"].get_absolute_url()).status_code == 200


@pytest.mark.worker
def test_the_worker_builds_a_demo_meetings_pack(worker, client_for, officer, setup):
    import io

    from pypdf import PdfReader

    client_for(officer).post(reverse("partnerships:pack_build", args=[setup["meeting"].pk]))
    job = wait_for_job(Job.objects.latest("created_at"), timeout=120)
    assert job.status == Job.Status.DONE, job.message
    public = AgendaPack.objects.get(restricted=False)
    reader = PdfReader(io.BytesIO(public.file.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Public summary" in text and "Exempt summary" not in text
    assert [o.title for o in reader.outline if not isinstance(o, list)][2:] == [
        "1. Ambition for All refresh"
    ]


def test_my_meetings_lists_the_boards_i_sit_on(client_for, board_member, setup):
    assert meeting_publish(meeting_id=setup["meeting"].pk)
    response = client_for(board_member).get(reverse("partnerships:my_meetings"))
    content = response.content.decode()
    assert "Health and Wellbeing Board" in content
    assert "Agenda pack (public)" in content and "Agenda pack (restricted)" in content
    other = client_for(setup["outsider"]).get(reverse("partnerships:my_meetings"))
    assert "Health and Wellbeing Board" not in other.content.decode()


def test_my_meetings_query_count(client_for, board_member, setup, django_assert_max_num_queries):
    client = client_for(board_member)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("partnerships:my_meetings")).status_code == 200


def test_calendar_feed(client, client_for, board_member, setup):
    from partnerships.calendar import feed_token

    meeting = setup["meeting"]
    meeting.start = datetime.datetime(2026, 7, 14, 14, 0, tzinfo=LONDON)  # summer time
    meeting.save()
    url = reverse("partnerships:calendar", args=[feed_token(user=board_member)])
    response = client.get(url)  # calendar apps do not sign in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and body.endswith("END:VCALENDAR\r\n")
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/London" in lines
    assert "DTSTART;TZID=Europe/London:20260714T140000" in lines  # local time, not UTC
    assert f"UID:meeting-{meeting.pk}@partnership-portal" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "SUMMARY:Health and Wellbeing Board" in lines
    # A forged or tampered address shows nothing.
    assert client.get(reverse("partnerships:calendar", args=["forged"])).status_code == 404
    # Someone who no longer sits on the board no longer sees its meetings.
    board_member.memberships.update(end_date=datetime.date(2020, 1, 1))
    assert "BEGIN:VEVENT" not in client.get(url).content.decode()


def test_board_calendar_needs_access(client, board_member, partner_contact, setup):
    from partnerships.calendar import feed_token

    board = setup["board"]
    assert (
        client.get(
            reverse("partnerships:calendar", args=[feed_token(user=board_member, board=board)])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("partnerships:calendar", args=[feed_token(user=partner_contact, board=board)])
        ).status_code
        == 404
    )


def test_board_page_lists_its_meetings_and_calendar(client_for, officer, setup):
    content = client_for(officer).get(setup["board"].get_absolute_url()).content.decode()
    assert setup["meeting"].get_absolute_url() in content
    assert "/meetings.ics" in content


def _next_meeting(setup, days=40):
    return Meeting.objects.create(
        board=setup["board"],
        start=setup["meeting"].start + datetime.timedelta(days=days),
        venue="Westfields",
    )


def test_attendance_and_declarations(client_for, officer, board_member, setup):
    meeting = setup["meeting"]
    client = client_for(officer)
    member = setup["board"].memberships.get(user=board_member)
    other = setup["board"].memberships.exclude(pk=member.pk).get()
    response = client.post(
        reverse("partnerships:attendance", args=[meeting.pk]),
        {f"m{member.pk}": "present", f"m{other.pk}": "apologies"},
    )
    assert response.status_code == 302
    assert dict(meeting.attendance.values_list("membership_id", "status")) == {
        member.pk: "present",
        other.pk: "apologies",
    }
    client.post(
        reverse("partnerships:attendance", args=[meeting.pk]),
        {f"m{member.pk}": "present", f"m{other.pk}": ""},
    )
    assert meeting.attendance.count() == 1  # running it again corrects, never duplicates
    item = meeting.items.get(number=1)
    client.post(
        reverse("partnerships:declaration_add", args=[meeting.pk]),
        {
            "item": item.pk,
            "member": "Cllr Jane Hughes",
            "interest": "Trustee of a bidder",
            "left_the_room": "on",
        },
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Cllr" in page or board_member.name in page
    assert "Trustee of a bidder (left the room)" in page
    assert (
        client_for(board_member)
        .get(reverse("partnerships:attendance", args=[meeting.pk]))
        .status_code
        == 403
    )


def test_actions_come_back_as_matters_arising_until_done(client_for, officer, setup):
    meeting = setup["meeting"]
    client = client_for(officer)
    client.post(
        reverse("partnerships:meeting_action_add", args=[meeting.pk]),
        {
            "description": "Circulate the consultation plan",
            "owner": "Steph Cordon",
            "status": "open",
        },
    )
    later = _next_meeting(setup)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Matters arising" in page and "Circulate the consultation plan" in page
    from partnerships.packs import build_pack_pdf

    from .test_packs import text_of

    assert "Circulate the consultation plan" in text_of(build_pack_pdf(later, restricted=False)[0])
    action = meeting.actions.get()
    client.post(
        reverse("partnerships:meeting_action_edit", args=[meeting.pk, action.pk]),
        {"description": action.description, "owner": action.owner, "status": "done"},
    )
    assert (
        "Circulate the consultation plan"
        not in client.get(later.get_absolute_url()).content.decode()
    )


def test_minutes_are_approved_at_the_next_meeting(client_for, officer, setup):
    meeting = setup["meeting"]
    # Minutes are of a meeting that was held, approved at a later one that was held too.
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(days=50), status="held"
    )
    meeting.refresh_from_db()
    client = client_for(officer)
    item = meeting.items.get(number=1)
    client.post(
        reverse("partnerships:agenda_item_edit", args=[item.pk]),
        {
            "number": 1,
            "title": item.title,
            "kind": "decision",
            "resolution": "RESOLVED: that the refresh of Ambition for All be agreed.",
        },
    )
    client.post(reverse("partnerships:minutes", args=[meeting.pk]), {"notes": "Quorate."})
    assert "RESOLVED: that the refresh" in client.get(meeting.get_absolute_url()).content.decode()
    # Approving at the same meeting is refused; at the next meeting it works.
    response = client.post(
        reverse("partnerships:minutes_approve_previous", args=[meeting.pk]), follow=True
    )
    assert "no draft minutes of a previous meeting" in response.content.decode()
    later = Meeting.objects.create(
        board=setup["board"],
        start=timezone.now() - datetime.timedelta(days=10),
        venue="Westfields",
        status="held",
    )
    client.post(reverse("partnerships:minutes_approve_previous", args=[later.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes.status == "approved" and meeting.minutes.approved_at == later
    assert client.get(reverse("partnerships:minutes", args=[meeting.pk])).status_code == 403


def test_forward_plan_flags_short_notice(client_for, officer, setup):
    board = setup["board"]
    client = client_for(officer)
    url = reverse("partnerships:key_decision_add", args=[board.pk])
    today = timezone.localdate()
    client.post(
        url,
        {
            "title": "Commission community transport",
            "decision_date": (today + datetime.timedelta(days=10)).isoformat(),
        },
    )
    client.post(
        url,
        {
            "title": "Adopt the refreshed strategy",
            "decision_date": (today + datetime.timedelta(days=60)).isoformat(),
        },
    )
    page = client.get(board.get_absolute_url()).content.decode()
    assert page.count("less than 28 days' notice") == 1
    from partnerships.models import KeyDecision

    assert KeyDecision.objects.get(title__startswith="Commission").short_notice
    assert not KeyDecision.objects.get(title__startswith="Adopt").short_notice


def make_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word file: one paragraph per string ("- " makes a list-like line)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def test_a_word_file_fills_the_report_sections(client_for, officer, setup):
    report = setup["public"]
    docx = make_docx(
        [
            "Cheshire East Council",
            "1. Report Summary",
            "Working effectively with our partners has never been more important.",
            "2. Recommendations",
            "2.1. To agree to the refresh of Ambition for All.",
            "2.2. To agree to the implementation of a revised partnership structure.",
            "5. Background",
            "Partners and communities look to us to be the local leaders.",
            "7.2 Legal Implications",
            "Consultation must be at a formative stage.",
        ]
    )
    upload = SimpleUploadedFile("report.docx", docx)
    response = client_for(officer).post(
        reverse("partnerships:report_import", args=[report.pk]), {"file": upload}, follow=True
    )
    report.refresh_from_db()
    assert "Filled from the Word file: report summary, recommendations, background, legal" in (
        response.content.decode()
    )
    assert (
        report.summary
        == "<p>Working effectively with our partners has never been more important.</p>"
    )
    assert report.recommendation_list == [
        "To agree to the refresh of Ambition for All.",
        "To agree to the implementation of a revised partnership structure.",
    ]
    assert "formative stage" in report.legal
    assert report.status == "submitted"  # it was cleared; new content needs clearing again


def test_a_file_that_is_not_word_is_refused(client_for, officer, setup):
    report = setup["public"]
    before = report.summary
    upload = SimpleUploadedFile("report.docx", b"not a zip")
    response = client_for(officer).post(
        reverse("partnerships:report_import", args=[report.pk]), {"file": upload}
    )
    assert "This is not a Word (.docx) file" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == before


def test_late_papers_go_out_as_a_supplement(
    client_for, officer, board_member, setup, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    meeting = setup["meeting"]
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "pack_published"
    mail.outbox.clear()
    late = Report.objects.create(
        title="Late paper: winter pressures",
        author="A",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Late summary.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=3, title="Winter pressures", report=late)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_supplement", args=[meeting.pk]))
    job = Job.objects.latest("created_at")
    assert job.status == "done", job.message
    supplement = AgendaPack.objects.get(meeting=meeting, version=2, restricted=False)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(supplement.file.read())).pages)
    assert "Supplementary pack 1: late papers" in text and "Late summary" in text
    assert "Public summary" not in text  # only the late paper
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Supplementary pack 1 published"}
    # Nothing more to send: a second supplement is refused with a reason.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_supplement", args=[meeting.pk]))
    job = Job.objects.latest("created_at")
    assert job.status == "failed" and "no late papers" in job.message
    assert (
        client_for(board_member)
        .post(reverse("partnerships:meeting_supplement", args=[meeting.pk]))
        .status_code
        == 403
    )


def test_a_substitute_attends_in_a_members_place(client_for, officer, board_member, setup):
    meeting = setup["meeting"]
    member = setup["board"].memberships.get(user=board_member)
    url = reverse("partnerships:attendance", args=[meeting.pk])
    response = client_for(officer).post(
        url, {f"m{member.pk}": "apologies", "substitute_name": "Cllr Sub"}
    )
    assert "give both their name and the member they replace" in response.content.decode()
    client_for(officer).post(
        url,
        {f"m{member.pk}": "apologies", "substitute_name": "Cllr Sub", "substitute_for": member.pk},
    )
    page = client_for(officer).get(meeting.get_absolute_url()).content.decode()
    assert f"Cllr Sub: present (substitute for {member.person_name})" in page


@pytest.mark.parametrize(
    "who,status", [("officer", 200), ("board_member", 403), ("partner_contact", 404)]
)
def test_after_the_meeting_pages_per_role(
    request, client_for, setup, who, status, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(who))
    meeting = setup["meeting"]
    for name in ["attendance", "declaration_add", "meeting_action_add", "minutes"]:
        with django_assert_max_num_queries(14):
            assert (
                client.get(reverse(f"partnerships:{name}", args=[meeting.pk])).status_code == status
            ), name
    with django_assert_max_num_queries(14):
        code = client.get(
            reverse("partnerships:key_decision_add", args=[setup["board"].pk])
        ).status_code
    assert code == status
    with django_assert_max_num_queries(14):
        code = client.get(
            reverse("partnerships:report_import", args=[setup["public"].pk])
        ).status_code
    assert code == (404 if who == "board_member" else status)  # an unpublished paper


def test_report_page_query_count(client_for, officer, setup, django_assert_max_num_queries):
    from django.core.files.base import ContentFile

    from partnerships.models import Appendix

    for n in range(5):
        a = Appendix(report=setup["public"], title=f"A{n}", order=n + 1)
        a.file.save(f"a{n}.pdf", ContentFile(tiny_pdf("x")), save=True)
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        assert client.get(setup["public"].get_absolute_url()).status_code == 200


def test_exempt_actions_and_unpublished_papers_stay_private(client_for, officer, setup):
    meeting = setup["meeting"]
    exempt_item = meeting.items.get(exempt=True)
    client_for(officer).post(
        reverse("partnerships:meeting_action_add", args=[meeting.pk]),
        {
            "item": exempt_item.pk,
            "description": "Negotiate the contract price",
            "owner": "Procurement",
            "status": "open",
        },
    )
    outsider = client_for(setup["outsider"])
    later = _next_meeting(setup)
    assert (
        "Negotiate the contract price"
        not in outsider.get(meeting.get_absolute_url()).content.decode()
    )
    assert (
        "Negotiate the contract price"
        not in outsider.get(later.get_absolute_url()).content.decode()
    )
    from partnerships.packs import build_pack_pdf

    from .test_packs import text_of

    assert "Negotiate" not in text_of(build_pack_pdf(later, restricted=False)[0])
    assert "Negotiate" in text_of(build_pack_pdf(later, restricted=True)[0])
    # A cleared paper is not for readers until the pack is published.
    public_report = setup["public"]
    assert outsider.get(public_report.get_absolute_url()).status_code == 404
    assert meeting_publish(meeting_id=meeting.pk)
    assert outsider.get(public_report.get_absolute_url()).status_code == 200


def test_a_published_pack_is_not_rebuilt_as_a_draft(client_for, officer, setup):
    meeting = setup["meeting"]
    assert meeting_publish(meeting_id=meeting.pk)
    public = AgendaPack.objects.get(restricted=False)
    before = public.content_hash
    response = client_for(officer).post(
        reverse("partnerships:pack_build", args=[meeting.pk]), follow=True
    )
    assert "publish late papers as a supplement instead" in response.content.decode()
    public.refresh_from_db()
    assert public.content_hash == before and not Job.objects.exists()


def test_bad_urls_and_methods_are_not_500s(client_for, officer, setup):
    client = client_for(officer)
    meeting = setup["meeting"]
    assert (
        client.post(
            reverse("partnerships:report_transition", args=[setup["public"].pk, "bogus"])
        ).status_code
        == 404
    )
    for name in ["minutes_approve_previous", "meeting_publish", "meeting_supplement"]:
        assert client.get(reverse(f"partnerships:{name}", args=[meeting.pk])).status_code == 405
    response = client.post(
        reverse("partnerships:meeting_status", args=[meeting.pk, "bogus"]), follow=True
    )
    assert "can only be cancelled or recorded as held" in response.content.decode()
    broken = SimpleUploadedFile("r.docx", make_docx(["x"])[:-40])
    response = client.post(
        reverse("partnerships:report_import", args=[setup["public"].pk]), {"file": broken}
    )
    assert response.status_code == 200 and "damaged" in response.content.decode()


def test_meeting_status_changes_go_through_buttons(client_for, officer, setup):
    meeting = setup["meeting"]
    client = client_for(officer)
    client.post(
        reverse("partnerships:meeting_edit", args=[meeting.pk]),
        {
            "start": meeting.local_start.strftime("%Y-%m-%dT%H:%M"),
            "venue": "Elsewhere",
            "status": "pack_published",
        },
    )
    meeting.refresh_from_db()
    assert meeting.venue == "Elsewhere" and meeting.status == "scheduled"  # not in the form
    client.post(reverse("partnerships:meeting_status", args=[meeting.pk, "cancelled"]))
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert packs_publish_due.apply().get() == 0


def test_a_new_appendix_sends_a_cleared_report_back_for_clearance(client_for, officer, setup):
    report = setup["public"]
    upload = SimpleUploadedFile("map.pdf", tiny_pdf("MAP"), content_type="application/pdf")
    client_for(officer).post(
        reverse("partnerships:appendix_add", args=[report.pk]),
        {"title": "Map", "order": 1, "file": upload},
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_meeting_page_title_is_short(client_for, officer, setup):
    import re

    content = client_for(officer).get(setup["meeting"].get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert title.startswith("Health and Wellbeing Board, ") and len(title) < 120


def test_long_calendar_lines_are_folded(client, board_member, setup):
    from partnerships.calendar import feed_token

    meeting = setup["meeting"]
    meeting.venue = "Committee Suite 1, 2 and 3, Westfields, Middlewich Road, Sandbach, Cheshire CW11 1HZ – ground floor, accessible entrance"
    meeting.save()
    body = client.get(
        reverse("partnerships:calendar", args=[feed_token(user=board_member)])
    ).content.decode()
    lines = body.split("\r\n")
    assert any(line.startswith(" ") for line in lines)  # a continuation line
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "LOCATION:Committee Suite 1\\, 2 and 3\\, Westfields" in unfolded
