"""The minutes as a PDF: who was there, declarations, each item's decision and the actions,
a draft marked as one; exempt items only for those who read the restricted papers; tagged
(pdfua finds no errors); made by a background job, then served from the cache."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnerships.models import AgendaItem, Attendance, Meeting, MeetingAction, Minutes
from portal.models import Job

from .factories import BoardFactory, MembershipFactory, PartnershipFactory
from .test_pack_accessibility import errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(officer, board_member):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    chair = MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    apologies = MembershipFactory(board=board, contact__name="Dr A Patel")
    meeting = Meeting.objects.create(
        board=board,
        start=timezone.now() - datetime.timedelta(days=7),
        venue="Westfields, Sandbach",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Ambition for All refresh",
        resolution="That the refreshed strategy be agreed.",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Contract award",
        exempt=True,
        exempt_paragraph=3,
        exemption_reason="Commercially sensitive",
        resolution="That the contract be awarded to the preferred bidder.",
    )
    Attendance.objects.create(meeting=meeting, membership=chair, status="present")
    Attendance.objects.create(meeting=meeting, membership=apologies, status="apologies")
    MeetingAction.objects.create(
        meeting=meeting,
        item=meeting.items.get(number=1),
        description="Publish the strategy",
        owner="Policy officer",
    )
    Minutes.objects.create(meeting=meeting, notes="The chair thanked the officers.")
    return meeting


def make_pdf(client, meeting, capture) -> bytes:
    url = reverse("partnerships:minutes_pdf", args=[meeting.pk])
    offer = client.get(url)
    assert offer.status_code == 200 and "Make the PDF" in offer.content.decode()
    assert not Job.objects.exists()  # opening the page wrote nothing
    with capture(execute=True):
        response = client.post(url)
    job = Job.objects.get(pk=response.url.split("/")[-2])
    assert job.status == Job.Status.DONE, job.message
    pdf = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    # The next request serves the file made for these minutes, at once.
    cached = client.get(url)
    assert cached["Content-Type"] == "application/pdf"
    assert b"".join(cached.streaming_content) == pdf
    return pdf


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_minutes_pdf_holds_the_record_and_is_tagged(
    client_for, officer, meeting, tmp_path, django_capture_on_commit_callbacks
):
    pdf = make_pdf(client_for(officer), meeting, django_capture_on_commit_callbacks)
    text = text_of(pdf)

    assert "Minutes of the meeting held on" in text and "Westfields" in text
    assert "Draft, subject to approval." in text
    assert "Dr A Patel" in text.split("Apologies", 1)[1]
    assert "That the refreshed strategy be agreed." in text
    assert "That the contract be awarded" in text  # the officer reads exempt items
    assert "Schedule 12A paragraph 3): Commercially sensitive" in text
    assert "Publish the strategy" in text and "The chair thanked the officers." in text
    assert errors_of(pdf, tmp_path) == []


def test_a_member_of_another_board_gets_no_exempt_item(
    client_for, make_user, meeting, django_capture_on_commit_callbacks
):
    from portal.roles import Role

    # A member of the partnership's other board reads the meeting, not its exempt papers.
    outsider = make_user(Role.BOARD_MEMBER, username="outsider")
    other_board = BoardFactory(partnership=meeting.board.partnership, name="Officer group")
    MembershipFactory(board=other_board, user=outsider, contact=None)
    assert not outsider.has_perm("partnerships.view_restricted_pack", meeting)
    text = text_of(make_pdf(client_for(outsider), meeting, django_capture_on_commit_callbacks))
    assert "preferred bidder" not in text and "Commercially sensitive" not in text
    assert "2. Exempt item" in text and "Exempt information: Schedule 12A paragraph 3" in text
    assert "That the refreshed strategy be agreed." in text


def test_the_minutes_pdf_page_costs_the_same_for_a_long_meeting(
    client_for, officer, meeting, django_assert_max_num_queries
):
    client = client_for(officer)
    url = reverse("partnerships:minutes_pdf", args=[meeting.pk])
    client.get(url)
    for n in range(3, 30):
        AgendaItem.objects.create(
            meeting=meeting, number=n, title=f"Item {n}", resolution="Agreed."
        )
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_no_minutes_yet_is_said_plainly(client_for, officer, meeting):
    Minutes.objects.all().delete()
    client = client_for(officer)
    url = reverse("partnerships:minutes_pdf", args=[meeting.pk])
    assert "have not been written yet" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "have not been written yet" in response.content.decode()
    assert not Job.objects.exists()


def test_the_meeting_page_links_the_minutes_pdf(client_for, board_member, meeting):
    page = client_for(board_member).get(meeting.get_absolute_url()).content.decode()
    assert reverse("partnerships:minutes_pdf", args=[meeting.pk]) in page
