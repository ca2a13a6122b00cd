"""Writing the report behind an agenda item goes through one service, which re-reads the item
under a lock: a second report for the same item is refused with a readable message, and nothing
of it is saved."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaItem, Meeting, Report
from partnerships.services import item_report_create

from .factories import BoardFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(officer):
    partnership = PartnershipFactory(lead_officer=officer)
    meeting = Meeting.objects.create(
        board=BoardFactory(partnership=partnership),
        start=timezone.now() + datetime.timedelta(days=20),
        venue="Westfields",
    )
    return AgendaItem.objects.create(meeting=meeting, number=3, title="Town funding")


def test_the_service_attaches_a_new_draft(item, officer):
    report = item_report_create(
        item_id=item.pk, report=Report(title="Town funding", author="O"), by=officer
    )
    item.refresh_from_db()
    assert item.report == report and report.status == "draft"
    assert report.written_by == officer


def test_a_second_report_for_the_item_is_refused_and_not_saved(item, officer):
    stale = AgendaItem.objects.get(pk=item.pk)  # loaded before the first report existed
    item_report_create(item_id=item.pk, report=Report(title="First", author="O"), by=officer)
    with pytest.raises(ValidationError, match="has a report already"):
        item_report_create(item_id=stale.pk, report=Report(title="Second", author="O"), by=officer)
    assert list(Report.objects.values_list("title", flat=True)) == ["First"]
    item.refresh_from_db()
    assert item.report.title == "First"


def test_the_page_says_so_when_someone_else_wrote_it_first(client_for, item, officer):
    url = reverse("partnerships:report_add", args=[item.pk])
    client = client_for(officer)
    page = client.get(url)
    assert page.status_code == 200
    # Meanwhile a colleague attaches a report.
    item_report_create(item_id=item.pk, report=Report(title="Theirs", author="C"), by=officer)
    response = client.post(url, {"title": "Mine", "author": "Olivia Officer"})
    assert response.status_code == 200
    assert "This item has a report already; edit that one instead." in response.content.decode()
    assert not Report.objects.filter(title="Mine").exists()


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_attach_one_report(officer):
    """On PostgreSQL the item's row lock lets one of two simultaneous writers attach."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    partnership = PartnershipFactory(lead_officer=officer)
    meeting = Meeting.objects.create(
        board=BoardFactory(partnership=partnership),
        start=timezone.now() + datetime.timedelta(days=20),
        venue="Westfields",
    )
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="T")
    outcomes = []
    start = threading.Barrier(2)

    def write(title):
        try:
            start.wait()
            item_report_create(item_id=item.pk, report=Report(title=title, author="O"), by=officer)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert Report.objects.count() == 1
