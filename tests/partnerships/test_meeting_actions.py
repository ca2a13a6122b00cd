"""The meeting page's actions: cancelling and recording as held go through a page that says
what will happen; "held" only once the meeting has started; publishing shows on the meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Meeting
from partnerships.services import meeting_set_status
from partnerships.tasks import meeting_publish_now
from portal.models import Job

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(officer, board_member):
    partnership = PartnershipFactory(name="Health and Wellbeing Board", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    MembershipFactory(board=board, user=board_member, contact=None, role="chair")
    return Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=30), venue="Town Hall"
    )


def status_url(meeting, to):
    return reverse("partnerships:meeting_status", args=[meeting.pk, to])


def test_held_is_refused_before_the_meeting_starts(meeting, officer):
    with pytest.raises(ValidationError) as exc:
        meeting_set_status(meeting=meeting, to="held", by=officer)
    assert "has not started yet, so it cannot be recorded as held" in exc.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    # Once it has started, it can be.
    later = meeting.start + datetime.timedelta(minutes=1)
    meeting_set_status(meeting=meeting, to="held", by=officer, now=later)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_the_meeting_page_links_to_confirmation_pages(client_for, officer, meeting):
    client = client_for(officer)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{status_url(meeting, "cancelled")}"' in html
    assert "Record as held" not in html  # next month: not offered
    assert 'method="post" action="' + status_url(meeting, "cancelled") not in html
    meeting.start = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{status_url(meeting, "held")}"' in html


def test_the_heading_names_the_board_and_the_date_once(client_for, officer, meeting):
    html = client_for(officer).get(meeting.get_absolute_url()).content.decode()
    date = f"{meeting.local_start:%-d %B %Y}"
    assert f"Health and Wellbeing Board, {date}</h1>" in html
    assert f"<title>Health and Wellbeing Board, {date} – Partnership portal</title>" in html
    crumbs = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    assert crumbs.count("Health and Wellbeing Board") == 1


def test_cancelling_asks_first_and_says_what_happens(client_for, officer, meeting):
    client = client_for(officer)
    response = client.get(status_url(meeting, "cancelled"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel the meeting" in html and "Who will be told" in html
    assert "My meetings" in html and "cannot be undone" in html
    assert "Yes, cancel the meeting" in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED  # the GET changed nothing
    response = client.post(status_url(meeting, "cancelled"), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert "The meeting is now cancelled." in response.content.decode()


def test_the_held_page_explains_a_refusal_without_a_button(client_for, officer, meeting):
    client = client_for(officer)
    html = client.get(status_url(meeting, "held")).content.decode()
    assert "has not started yet" in html and "Yes, record it as held" not in html
    response = client.post(status_url(meeting, "held"), follow=True)
    assert "has not started yet" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED

    meeting.start = timezone.now() - datetime.timedelta(hours=2)
    meeting.save()
    html = client.get(status_url(meeting, "held")).content.decode()
    assert "Yes, record it as held" in html
    client.post(status_url(meeting, "held"))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    # Held now: neither page offers a button any more.
    html = client.get(status_url(meeting, "cancelled")).content.decode()
    assert "cannot be cancelled" in html and "Yes, cancel" not in html


def test_members_may_not_open_the_confirmation_page(client_for, board_member, meeting):
    assert client_for(board_member).get(status_url(meeting, "cancelled")).status_code == 403


def test_publishing_shows_on_the_meeting_page(client_for, officer, meeting):
    client = client_for(officer)
    job = Job.objects.create(
        task_name=meeting_publish_now.name,
        title="Publishing the pack",
        params={"meeting": meeting.pk, "supplement": False},
        created_by=officer,
    )
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="job-progress"' in html and "<strong>Publishing the pack</strong>: " in html
    assert f'href="{job.get_absolute_url()}"' in html
    assert "Publish now</button>" not in html  # not twice at once
    job.status, job.message = Job.Status.FAILED, "The pack could not be built."
    job.finished_at = timezone.now()
    job.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Publishing the pack failed" in html and "could not be built" in html
    # Published since (by the hourly run, say): the old failure is not shown.
    meeting.status = Meeting.Status.PACK_PUBLISHED
    meeting.save()
    assert "Publishing the pack" not in client.get(meeting.get_absolute_url()).content.decode()


def test_publish_now_says_it_has_started(
    client_for, officer, meeting, django_capture_on_commit_callbacks
):
    response = client_for(officer).post(
        reverse("partnerships:meeting_publish", args=[meeting.pk]), follow=True
    )
    assert "Publishing the pack has started" in response.content.decode()


def test_generated_titles_take_an_before_a_vowel(client_for, officer, meeting):
    html = (
        client_for(officer)
        .get(reverse("partnerships:agenda_item_add", args=[meeting.pk]))
        .content.decode()
    )
    assert "Add an agenda item" in html and "Add a agenda" not in html


def test_publishing_asks_first_on_a_page_that_says_who_is_told(
    client_for, officer, meeting, django_assert_max_num_queries
):
    client = client_for(officer)
    confirm = reverse("partnerships:meeting_publish_confirm", args=[meeting.pk])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{confirm}"' in html  # "Publish now…" opens the confirmation page
    with django_assert_max_num_queries(15):
        response = client.get(confirm)
    html = response.content.decode()
    assert response.status_code == 200
    assert "What will happen" in html and "Who will be told" in html
    assert 'id="who-is-told"' in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and not Job.objects.exists()  # GET: nothing
    response = client.post(reverse("partnerships:meeting_publish", args=[meeting.pk]))
    assert response.url == meeting.get_absolute_url() + "#job-progress"
    assert Job.objects.get().params["meeting"] == meeting.pk


def test_members_may_not_open_the_publish_confirmation(client_for, board_member, meeting):
    confirm = reverse("partnerships:meeting_publish_confirm", args=[meeting.pk])
    assert client_for(board_member).get(confirm).status_code == 403
