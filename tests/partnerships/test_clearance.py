"""Clearance by people: each sign-off is given by someone holding its role, with a button and
an optional comment, never by the report's author; the second one clears the report, and the
pack prints who signed and when."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerships.clearance import report_sign_off
from partnerships.models import AgendaItem, Meeting, Report
from partnerships.packs import build_pack_pdf
from partnerships.services import report_save, report_transition
from portal.roles import Role

from .factories import BoardFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(officer):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=10), venue="Westfields"
    )
    report = report_save(
        report=Report(title="Town partnership funding", author=officer.get_full_name()),
        by=officer,
    )
    AgendaItem.objects.create(meeting=meeting, number=4, title=report.title, report=report)
    return report_transition(report=report, to="submitted", by=officer)


def sign(client, report, kind, comment=""):
    url = reverse("partnerships:report_sign_off", args=[report.pk, kind])
    return client.post(url, {"comment": comment}, follow=True)


def test_two_signoffs_by_their_role_holders_clear_the_report(client_for, report, signer):
    finance, legal = signer("finance"), signer("legal")
    page = client_for(finance).get(report.get_absolute_url()).content.decode()
    assert "Give the finance sign-off" in page
    assert "Give the legal sign-off" not in page  # not theirs to give
    assert "given by someone in the &#x27;Legal sign-off&#x27; role" in page

    response = sign(client_for(finance), report, "finance", "Within the 2016/17 budget.")
    assert "You gave the finance sign-off." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.finance_signed_by == finance and report.finance_signed_at is not None
    assert report.finance_signoff == "Fay Finance, Finance Manager"
    assert report.finance_comment == "Within the 2016/17 budget."

    response = sign(client_for(legal), report, "legal")
    assert "The report is cleared for the pack." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "cleared" and report.cleared_at is not None
    assert report.legal_signed_by == legal and report.legal_comment == ""
    page = client_for(legal).get(report.get_absolute_url()).content.decode()
    assert "Signed off by Fay Finance, Finance Manager" in page
    assert "Within the 2016/17 budget." in page
    # The history says who signed, as the person who did it.
    record = report.history.order_by("-history_date").first()
    assert record.history_user == legal


def test_the_author_cannot_sign_off_their_own_report(client_for, report, officer):
    from ..conftest import role_group

    officer.groups.add(role_group("Finance sign-off"))
    page = client_for(officer).get(report.get_absolute_url()).content.decode()
    assert "Give the finance sign-off" not in page
    assert "You wrote this report, so someone else must sign it off" in page
    response = sign(client_for(officer), report, "finance")
    assert "You wrote this report" in response.content.decode()
    report.refresh_from_db()
    assert report.finance_signoff == "" and report.finance_signed_by is None


def test_the_author_by_name_cannot_sign_either(report, signer):
    """The report names its author: someone of that name is its author, whoever typed it."""
    finance = signer("finance", name="Steph Cordon")
    report.author = "Steph Cordon"
    report.save()
    with pytest.raises(ValidationError, match="You wrote this report"):
        report_sign_off(report_id=report.pk, kind="finance", by=finance)


def test_only_role_holders_and_only_submitted_reports(client_for, report, officer, make_user):
    other_officer = make_user(Role.OFFICER, username="other")
    with pytest.raises(ValidationError, match="'Finance sign-off' role"):
        report_sign_off(report_id=report.pk, kind="finance", by=other_officer)
    # An officer without the role (and not an editor) cannot reach the sign-off at all.
    url = reverse("partnerships:report_sign_off", args=[report.pk, "finance"])
    assert client_for(other_officer).post(url).status_code in (403, 404)
    report_transition(report=report, to="draft", by=officer)
    with pytest.raises(ValidationError, match="Only a report submitted for clearance"):
        report_sign_off(report_id=report.pk, kind="finance", by=other_officer)


def test_a_signoff_is_given_once(report, signer):
    finance = signer("finance")
    report_sign_off(report_id=report.pk, kind="finance", by=finance)
    with pytest.raises(ValidationError, match="given already"):
        report_sign_off(report_id=report.pk, kind="finance", by=signer("finance", username="f2"))


def test_typed_clearance_is_gone(client_for, report, officer):
    """The old form (typed names) no longer clears anything."""
    url = reverse("partnerships:report_transition", args=[report.pk, "cleared"])
    client_for(officer).post(url, {"finance_signoff": "Anyone", "legal_signoff": "Anyone"})
    report.refresh_from_db()
    assert report.status == "submitted" and report.finance_signoff == ""


def test_a_change_or_return_to_draft_voids_the_signoffs(report, signer, officer):
    report_sign_off(report_id=report.pk, kind="finance", by=signer("finance"))
    report.refresh_from_db()
    report.summary = "<p>New figures.</p>"
    report_save(report=report, by=officer, changed={"summary"})
    report.refresh_from_db()
    assert report.finance_signoff == "" and report.finance_signed_at is None
    assert report.status == "submitted"


def test_a_signer_reads_a_submitted_report_they_do_not_keep(client_for, report, signer):
    finance = signer("finance")
    assert client_for(finance).get(report.get_absolute_url()).status_code == 200


def test_the_pack_prints_who_cleared_each_report(report, signer):
    from .test_packs import text_of

    report_sign_off(report_id=report.pk, kind="finance", by=signer("finance"), comment="OK")
    report_sign_off(report_id=report.pk, kind="legal", by=signer("legal"))
    meeting = report.agenda_item.meeting
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    text = " ".join(text_of(pdf).split())
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Finance: Fay Finance, Finance Manager, {today}" in text
    assert f"Legal: Lee Legal, Solicitor, {today}" in text


def test_report_page_query_count(client_for, report, signer, django_assert_max_num_queries):
    finance = signer("finance")
    client = client_for(finance)
    client.get(report.get_absolute_url())
    with django_assert_max_num_queries(25):
        assert client.get(report.get_absolute_url()).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_signers_at_once_clear_once(signer, officer):
    """On PostgreSQL the row lock makes two presses of the same sign-off sign once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    partnership = PartnershipFactory(lead_officer=officer)
    meeting = Meeting.objects.create(
        board=BoardFactory(partnership=partnership),
        start=timezone.now() + datetime.timedelta(days=10),
        venue="Westfields",
    )
    report = Report.objects.create(title="R", author="Someone else", status="submitted")
    AgendaItem.objects.create(meeting=meeting, number=1, title="R", report=report)
    signers = [signer("finance"), signer("finance", username="f2", name="Other Finance")]
    outcomes = []

    def press(user):
        try:
            report_sign_off(report_id=report.pk, kind="finance", by=user)
            outcomes.append("signed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in signers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "signed"]
