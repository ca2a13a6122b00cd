"""Report deadlines: the arithmetic, each report's state, the reminder e-mails and where
officers see them (issue 17, item 2)."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.deadlines import (
    REMIND_WITHIN_WORKING_DAYS,
    agenda_item_save,
    late_items,
    report_authors,
    report_state,
    working_days_until,
)
from partnerships.forms import AgendaItemForm
from partnerships.models import AgendaItem, Meeting, Report
from partnerships.schedule import is_working_day, working_days_before
from partnerships.tasks import remind_report_authors
from portal.roles import Role

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _at_two(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 14, 0, tzinfo=LONDON)


def _working_days_from(today: datetime.date, n: int) -> datetime.date:
    """The working day ``n`` working days after ``today`` (or before, for a negative n)."""
    day, step, counted = today, 1 if n >= 0 else -1, 0
    while counted < abs(n):
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            counted += 1
    return day


@pytest.fixture
def board(officer):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    return BoardFactory(
        partnership=partnership,
        name="Health and Wellbeing Board",
        pack_lead_days=5,
        report_deadline_days=5,
    )


@pytest.fixture
def meeting_due(board):
    """meeting_due(day) → a scheduled meeting of ``board`` whose report deadline is ``day``
    (a working day), found by moving the meeting day forward: the deadline moves with it."""

    def make(due: datetime.date, **kwargs) -> Meeting:
        day = due
        while True:
            day += datetime.timedelta(days=1)
            meeting = Meeting(board=board, start=_at_two(day), venue="Westfields, Sandbach")
            if meeting.report_deadline == due:
                break
            assert meeting.report_deadline < due, "no meeting day gives that deadline"
        meeting.save()
        if kwargs:
            Meeting.objects.filter(pk=meeting.pk).update(**kwargs)
            meeting.refresh_from_db()
        return meeting

    return make


@pytest.fixture
def author(make_user):
    return make_user(Role.OFFICER, username="writer", name="Wendy Writer", email="w@example.org")


def _item(meeting, author=None, report=None, number=1, **kwargs):
    return AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=kwargs.pop("title", "Pharmaceutical needs assessment"),
        report_author=author,
        report=report,
        **kwargs,
    )


def _run(capture):
    with capture(execute=True):
        return remind_report_authors()


# --- the arithmetic -------------------------------------------------------------------------


def test_deadline_counts_working_days_back_from_publication_over_weekends_and_holidays(board):
    # Thursday 14 January 2027: the pack goes out five clear working days before, on Wednesday
    # 6 January; reports are due five working days before that, skipping the weekend and New
    # Year's Day (Friday 1 January): Tuesday 29 December 2026.
    meeting = Meeting(board=board, start=_at_two(datetime.date(2027, 1, 14)), venue="Crewe")
    assert meeting.publication_date == datetime.date(2027, 1, 6)
    assert meeting.report_deadline == datetime.date(2026, 12, 29)
    # Christmas 2026 falls on a Friday and Boxing Day's holiday moves to Monday 28 December.
    assert working_days_before(datetime.date(2026, 12, 30), 2) == datetime.date(2026, 12, 24)
    # A Monday's deadline one working day earlier is the Friday before.
    assert working_days_before(datetime.date(2027, 3, 15), 1) == datetime.date(2027, 3, 12)
    board.report_deadline_days = 3  # 5 and 4 January, then over New Year's Day
    assert meeting.report_deadline == datetime.date(2026, 12, 31)


def test_working_days_until_skips_weekends_and_holidays():
    friday = datetime.date(2027, 3, 12)
    assert working_days_until(friday, datetime.date(2027, 3, 15)) == 1  # over the weekend
    assert working_days_until(friday, friday) == 0
    assert working_days_until(friday, datetime.date(2027, 3, 1)) == 0  # past
    # Thursday 24 December 2026 to Tuesday 29 December: Christmas and Boxing Day's holiday skipped.
    assert working_days_until(datetime.date(2026, 12, 24), datetime.date(2026, 12, 29)) == 1


# --- each report's state ----------------------------------------------------------------------


def test_report_state_for_each_state(meeting_due, author):
    today = timezone.localdate()
    due = _working_days_from(today, 8)
    meeting = meeting_due(due)
    item = _item(meeting, author)
    label = f"{due:%-d %b}"
    assert report_state(item, today).code == "not_started"
    assert report_state(item, today).label == f"Not started: due {label}"
    after = due + datetime.timedelta(days=1)
    missing = report_state(item, after)
    assert (missing.code, missing.late, missing.label) == (
        "missing",
        True,
        f"Missing: was due {label}",
    )

    item.report = Report.objects.create(title="PNA 2027", author="Wendy Writer")
    assert report_state(item, today).code == "writing"
    assert report_state(item, after).code == "late" and report_state(item, after).late
    item.report.status = Report.Status.SUBMITTED
    submitted = report_state(item, after)
    assert submitted.code == "submitted" and submitted.done and not submitted.late
    item.report.status = Report.Status.CLEARED
    assert report_state(item, after).code == "cleared"
    # Every state has a class that colours it, and words that say it without the colour.
    assert "report-state-cleared" in report_state(item, after).css_class

    # No report expected (no author, no report), or a meeting past chasing: no state.
    assert report_state(_item(meeting, number=2, title="Apologies"), today) is None
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    item.meeting.refresh_from_db()
    assert report_state(item, after) is None


def test_late_items_lists_the_late_and_missing(meeting_due, author):
    today = timezone.localdate()
    meeting = meeting_due(_working_days_from(today, -1))
    missing = _item(meeting, author, number=1)
    late = _item(meeting, author, number=2, report=Report.objects.create(title="D", author="W"))
    _item(meeting, author, number=3, report=Report.objects.create(title="S", author="W"))
    Report.objects.filter(title="S").update(status=Report.Status.SUBMITTED)
    items = AgendaItem.objects.filter(meeting=meeting).select_related("meeting__board", "report")
    found = late_items(items, today)
    assert [(i.pk, s.code) for i, s in found] == [(missing.pk, "missing"), (late.pk, "late")]


# --- the reminders ----------------------------------------------------------------------------


def test_reminder_before_the_deadline_is_sent_once(
    meeting_due, author, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example.gov.uk/"
    today = timezone.localdate()
    due = _working_days_from(today, REMIND_WITHIN_WORKING_DAYS)
    meeting = meeting_due(due)
    item = _item(meeting, author)
    far = meeting_due(_working_days_from(today, REMIND_WITHIN_WORKING_DAYS + 5))
    _item(far, author, title="Not yet")  # its deadline is too far off to remind
    mail.outbox.clear()

    assert _run(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["w@example.org"]
    assert message.subject.startswith(f"Report due by {due:%-d %B}: item 1, Health and")
    body = message.body
    assert "Pharmaceutical needs assessment" in body
    assert f"{meeting.local_start:%-d %B %Y}" in body  # the meeting: board and date
    assert "Health and Wellbeing Board" in body
    assert f"due by {due:%A %-d %B %Y}" in body
    assert f"published on {meeting.publication_date:%A %-d %B %Y}" in body
    assert "https://portal.example.gov.uk" + item.get_absolute_url() in body
    item.refresh_from_db()
    assert item.reminder_sent_at is not None and item.overdue_sent_at is None

    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 0  # the beat firing twice sends nothing
    assert mail.outbox == []


def test_late_report_is_chased_once_after_the_deadline(
    meeting_due, author, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    meeting = meeting_due(_working_days_from(today, -1))
    draft = Report.objects.create(title="PNA 2027", author="Wendy Writer")
    item = _item(meeting, author, report=draft)
    AgendaItem.objects.filter(pk=item.pk).update(reminder_sent_at=timezone.now())
    mail.outbox.clear()

    assert _run(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Report late, was due")
    assert "has not been submitted for sign-off" in mail.outbox[0].body
    item.refresh_from_db()
    assert item.overdue_sent_at is not None

    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_no_reminders_for_submitted_reports_cancelled_meetings_or_authors_without_email(
    meeting_due, author, make_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    past, soon = _working_days_from(today, -1), _working_days_from(today, 1)
    submitted = Report.objects.create(title="Done", author="W", status=Report.Status.SUBMITTED)
    cleared = Report.objects.create(
        title="Cleared", author="W", status="cleared", finance_signoff="F", legal_signoff="L"
    )
    _item(meeting_due(past), author, report=submitted)
    _item(meeting_due(soon), author, report=cleared)
    _item(meeting_due(past, status=Meeting.Status.CANCELLED), author)
    _item(meeting_due(soon, status=Meeting.Status.PACK_PUBLISHED), author)
    no_email = make_user(Role.OFFICER, username="noemail", email="")
    silent = _item(meeting_due(soon), no_email)
    _item(meeting_due(soon))  # no author named
    mail.outbox.clear()

    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    silent.refresh_from_db()
    assert silent.reminder_sent_at is None  # reminded once they give an address


def test_a_new_author_is_reminded_afresh(
    meeting_due, author, officer, make_user, client_for, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    meeting = meeting_due(_working_days_from(today, 1))
    item = _item(meeting, author)
    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 1

    # Saving the item with the same author (from a form loaded before the reminder went out)
    # keeps the mark: the author is not reminded twice.
    stale = AgendaItem.objects.get(pk=item.pk)
    stale.reminder_sent_at = None
    stale.presenter = "Director of Public Health"
    agenda_item_save(item=stale, by=officer)
    item.refresh_from_db()
    assert item.reminder_sent_at is not None and item.presenter == "Director of Public Health"

    successor = make_user(Role.OFFICER, username="next", name="Neil Next", email="n@example.org")
    meeting.board.partnership.supporting_officers.add(successor)  # so they may write it
    data = {
        "number": 1,
        "title": item.title,
        "kind": item.kind,
        "presenter": "",
        "report_author": successor.pk,
    }
    response = client_for(officer).post(
        reverse("partnerships:agenda_item_edit", args=[item.pk]), data
    )
    assert response.status_code == 302, response.content.decode()
    item.refresh_from_db()
    assert item.report_author == successor
    assert item.reminder_sent_at is None and item.overdue_sent_at is None

    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["n@example.org"]]


def test_the_reminder_task_is_scheduled_by_the_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="partnerships.tasks.remind_report_authors")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "30")
    assert str(task.crontab.timezone) == "Europe/London"


# --- choosing the author ----------------------------------------------------------------------


def test_the_form_offers_only_people_who_write_reports(
    meeting_due, officer, administrator, board_member, partner_contact, no_role_user, make_user
):
    leaver = make_user(Role.OFFICER, username="leaver", is_active=False)
    meeting = meeting_due(_working_days_from(timezone.localdate(), 10))
    form = AgendaItemForm(instance=AgendaItem(meeting=meeting))
    offered = set(form.fields["report_author"].queryset)
    assert offered == {officer, administrator}  # the lead officer and administrators
    outsider = make_user(Role.OFFICER, username="outsider")  # an officer of other partnerships
    assert set(report_authors()) == {officer, administrator, outsider}
    assert outsider not in set(report_authors(meeting.board.partnership))
    assert f"{meeting.report_deadline:%A %-d %B %Y}" in form.fields["report_author"].help_text

    data = {"number": 1, "title": "Budget", "kind": "decision", "report_author": board_member.pk}
    bound = AgendaItemForm(data, instance=AgendaItem(meeting=meeting))
    assert not bound.is_valid()
    assert "report_author" in bound.errors
    assert leaver not in offered and partner_contact not in offered and no_role_user not in offered


def test_the_add_item_page_shows_a_refused_author_on_its_field(
    meeting_due, officer, board_member, client_for
):
    meeting = meeting_due(_working_days_from(timezone.localdate(), 10))
    url = reverse("partnerships:agenda_item_add", args=[meeting.pk])
    page = client_for(officer).get(url).content.decode()
    assert "Report author" in page and "No report expected" in page
    assert board_member.name not in page
    data = {"number": 1, "title": "Budget", "kind": "decision", "report_author": board_member.pk}
    response = client_for(officer).post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


# --- the meeting page -------------------------------------------------------------------------


def test_meeting_page_shows_each_report_against_the_deadline(
    meeting_due, author, officer, board_member, client_for
):
    today = timezone.localdate()
    due = _working_days_from(today, -1)
    meeting = meeting_due(due)
    _item(meeting, author, number=1)
    _item(meeting, author, number=2, report=Report.objects.create(title="Draft", author="W"))
    _item(meeting, number=3, title="Apologies")
    url = meeting.get_absolute_url()

    page = client_for(officer).get(url).content.decode()
    assert f"Missing: was due {due:%-d %b}" in page
    assert f"Late: was due {due:%-d %b}" in page
    assert "report-state-missing" in page and "report-state-late" in page
    assert "Author: Wendy Writer" in page
    assert f"Reports are due by <strong>{due:%A %-d %B %Y}</strong>" in page

    MembershipFactory(board=meeting.board, user=board_member, contact=None)
    member_page = client_for(board_member).get(url)
    assert member_page.status_code == 200
    text = member_page.content.decode()  # members see no officers' chasing
    assert "report-state" not in text and "Reports are due by" not in text


@pytest.mark.parametrize("items", [2, 20])
def test_meeting_page_query_count_does_not_grow_with_items(
    meeting_due, author, officer, client_for, items
):
    meeting = meeting_due(_working_days_from(timezone.localdate(), 2))
    for n in range(1, items + 1):
        report = Report.objects.create(title=f"R{n}", author="A") if n % 2 else None
        _item(meeting, author, number=n, title=f"Item {n}", report=report)
    client = client_for(officer)
    client.get(meeting.get_absolute_url())  # sessions and the like settle
    with CaptureQueriesContext(connection) as queries:
        page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("report-state-") == items
    # 16 for 2 items as for 20 (the same bound as test_meetings' query-count test).
    assert len(queries) <= 16, [q["sql"] for q in queries]


def test_a_new_author_chosen_in_the_admin_is_reminded_afresh(meeting_due, author, make_user):
    from django.db import transaction

    from partnerships.admin import AgendaItemAdminForm

    item = _item(meeting_due(_working_days_from(timezone.localdate(), 1)), author)
    sent = timezone.now()
    AgendaItem.objects.filter(pk=item.pk).update(reminder_sent_at=sent, overdue_sent_at=sent)
    item.refresh_from_db()
    partner = make_user(Role.PARTNER_CONTACT, username="partner2")
    refused = AgendaItemAdminForm({"report_author": partner.pk}, instance=item)
    assert not refused.is_valid()
    same = AgendaItemAdminForm({"report_author": author.pk}, instance=item)
    with transaction.atomic():
        same.save()
    item.refresh_from_db()
    assert item.reminder_sent_at == sent

    successor = make_user(Role.OFFICER, username="next", email="n@example.org")
    item.meeting.board.partnership.supporting_officers.add(successor)
    form = AgendaItemAdminForm({"report_author": successor.pk}, instance=item)
    assert form.is_valid(), form.errors
    with transaction.atomic():
        form.save()
    item.refresh_from_db()
    assert (item.report_author, item.reminder_sent_at, item.overdue_sent_at) == (
        successor,
        None,
        None,
    )


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder(meeting_due, author):
    """On PostgreSQL the row lock makes two runs of the beat's task (a beat that fired twice)
    send the reminder once."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    item = _item(meeting_due(_working_days_from(timezone.localdate(), 1)), author)
    item.get_absolute_url()  # the URLs are loaded here, not raced for by the two threads
    mail.outbox.clear()
    counts = []

    def run():
        try:
            counts.append(remind_report_authors())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == [0, 1]
    assert len(mail.outbox) == 1
