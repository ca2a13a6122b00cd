"""Honest errors: input the portal cannot use gets a message, never a 500; a database that is
down gets a 503 page; an e-mail that could not be queued is not reported as sent."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from grants.models import MonitoringReturn
from grants.services import award_approve, return_periods
from grants.tasks import returns_remind
from partnerships.forms import AppendixForm, OrganisationForm, ValueForMoneyReviewForm
from partnerships.models import Organisation, ValueForMoneyReview
from partnerships.models.partnerships import a_year_after
from portal.forms import PortalForm
from portal.jobs import queue_now
from portal.models import Job
from portal.tasks import send_email
from portal.validators import shifted

from ..grants.factories import AwardFactory, FundFactory
from ..partnerships.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

UNSTORABLE = "cannot store"
DATE_RANGE = "Enter a date between 1 January 1900 and 31 December 2200."
UNAVAILABLE = "The portal is unavailable, try again shortly"


# --- NUL characters and lone surrogates ----------------------------------------------------


def test_django_reads_the_bytes_of_a_lone_surrogate_as_replacement_characters():
    # What a browser can send: %ED%A0%80 is UTF-8 for U+D800, which UTF-8 forbids, so Django
    # decodes it as U+FFFD. NUL comes through as it is.
    query = QueryDict("q=%ED%A0%80&r=%00")
    assert query["q"] == "\ufffd\ufffd\ufffd"
    assert query["r"] == "\x00"


@pytest.mark.parametrize("text", ["\x00", "Crewe\x00", "\ud800", "a\udfffb"])
def test_forms_refuse_unstorable_text_with_a_message_on_the_field(text):
    form = OrganisationForm(data={"name": text, "sector": "public", "kind": "other"})
    assert not form.is_valid()
    assert UNSTORABLE in " ".join(form.errors["name"])
    # What is shown back has the character taken out.
    assert form["name"].value() == text.replace("\x00", "").replace("\ud800", "").replace(
        "\udfff", ""
    )


def test_every_kind_of_field_refuses_them_before_the_database_sees_them():
    class Everything(PortalForm):
        choice = forms.ChoiceField(choices=[("a", "A")])
        boolean = forms.NullBooleanField()
        number = forms.IntegerField()
        data = forms.JSONField()
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())

    data = {
        "choice": "a\x00",
        "boolean": "\x00",
        "number": "1\x00",
        "data": '["\\u0000", "\\ud800"]',
        "organisation": "\ud800",
    }
    form = Everything(data=data)
    assert not form.is_valid()
    for name in data:
        assert UNSTORABLE in " ".join(form.errors[name]), name


def test_an_upload_whose_name_has_a_nul_is_refused():
    upload = SimpleUploadedFile("paper\x00.pdf", b"%PDF-1.4\n%%EOF")
    form = AppendixForm(data={"title": "Paper", "order": "1"}, files={"file": upload})
    assert not form.is_valid()
    assert UNSTORABLE in " ".join(form.errors["file"])


def test_a_nul_in_a_list_s_search_is_refused_on_the_filter(client_for, officer):
    OrganisationFactory(name="Crewe Food Network")
    response = client_for(officer).get(reverse("partnerships:organisation_list"), {"q": "\x00"})
    assert response.status_code == 200
    assert UNSTORABLE in response.content.decode()


@pytest.mark.parametrize(
    "url_name, filters",
    [
        ("partnerships:partnership_export", {"over_threshold": "\x00"}),
        ("partnerships:organisation_export", {"active": "\x00", "q": "Crewe"}),
        ("grants:award_export", {"returns_overdue": "\x00"}),
    ],
)
def test_an_export_whose_filters_have_a_nul_is_refused_and_queues_nothing(
    client_for, administrator, url_name, filters
):
    # The filters are kept in the job's JSON, which PostgreSQL refuses with a NUL in it.
    response = client_for(administrator).post(reverse(url_name), filters, follow=True)
    assert response.status_code == 200
    assert "Nothing was exported" in response.content.decode()
    assert UNSTORABLE in response.content.decode()
    assert not Job.objects.exists()


def test_a_nul_in_an_address_no_form_reads_is_refused_with_400(client_for, administrator):
    client = client_for(administrator)
    partnership = PartnershipFactory()
    for url in [
        partnership.get_absolute_url() + "?next=%00",
        reverse("grants:award_add") + "?fund=%00",
        "/admin/partnerships/organisation/?q=%00",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "cannot read this address" in response.content.decode()


def test_ids_in_the_address_that_are_digits_but_not_numbers_are_ignored(client_for, administrator):
    fund = FundFactory()
    client = client_for(administrator)
    assert client.get(reverse("grants:award_add") + "?fund=%C2%B2").status_code == 200  # "²"
    assert client.get(reverse("grants:award_add") + f"?fund={fund.pk}").status_code == 200


# --- dates ---------------------------------------------------------------------------------


def test_a_review_dated_at_the_end_of_the_calendar_is_refused_on_the_field(
    client_for, administrator
):
    partnership = PartnershipFactory()
    response = client_for(administrator).post(
        reverse("partnerships:review_add", args=[partnership.pk]),
        {"reviewed_on": "9999-12-31", "outcome": "continue", "findings": "Fine"},
    )
    assert response.status_code == 200
    assert DATE_RANGE in response.content.decode()
    assert not ValueForMoneyReview.objects.exists()


def test_an_award_ending_at_the_end_of_the_calendar_is_refused_on_the_field(
    client_for, administrator
):
    award = award_approve(award=AwardFactory(fund=FundFactory(budget=Decimal("90000"))), by=None)
    response = client_for(administrator).post(
        reverse("grants:award_edit", args=[award.pk]),
        {
            "fund": award.fund_id,
            "recipient_organisation": award.recipient_organisation_id,
            "title": award.title,
            "amount": "8000",
            "route": award.route,
            "start_date": "2016-04-01",
            "end_date": "9999-12-31",
            "monitoring_frequency": award.monitoring_frequency,
        },
    )
    assert response.status_code == 200
    assert DATE_RANGE in response.content.decode()
    award.refresh_from_db()
    assert award.end_date == datetime.date(2017, 3, 31)


def test_date_inputs_say_their_range():
    html = str(ValueForMoneyReviewForm()["reviewed_on"])
    assert 'min="1900-01-01"' in html and 'max="2200-12-31"' in html


def test_derived_dates_do_not_overflow():
    last = datetime.date.max
    assert a_year_after(last) == last
    assert a_year_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)
    assert shifted(last, datetime.timedelta(days=28)) == last
    assert shifted(datetime.date.min, -datetime.timedelta(days=1)) == datetime.date.min
    award = AwardFactory.build(
        start_date=datetime.date(9999, 1, 1), end_date=last, monitoring_frequency=3
    )
    assert return_periods(award) == [
        datetime.date(9999, 3, 31),
        datetime.date(9999, 6, 30),
        datetime.date(9999, 9, 30),
        last,
    ]
    review = ValueForMoneyReview(
        partnership=PartnershipFactory(), reviewed_on=last, outcome="continue", findings="x"
    )
    with pytest.raises(Exception) as refused:
        review.full_clean()
    assert "next review must be after" in str(refused.value)


# --- the database out of reach -------------------------------------------------------------

DOWN = OperationalError('connection to server at "127.0.0.1", port 5999 failed')


def _assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert UNAVAILABLE in response.content.decode()


def test_with_the_database_down_a_signed_in_page_answers_503(officer):
    # The session is read in middleware (the idle time-out) as well as in views; the test
    # client would re-raise the error a middleware turned into a response, so it is told not to.
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with mock.patch.object(SessionStore, "load", side_effect=DOWN):
        for url in ["/", reverse("partnerships:partnership_list")]:
            _assert_unavailable(client.get(url))


def test_a_database_error_in_a_view_answers_503(client_for, officer):
    with mock.patch("portal.views.dashboard_for", side_effect=DOWN):
        _assert_unavailable(client_for(officer).get("/"))


def test_a_database_error_in_the_middleware_answers_503(officer):
    # Saving the session happens after the view, in the session middleware.
    client = Client(raise_request_exception=False)
    with mock.patch.object(SessionStore, "save", side_effect=DOWN):
        response = client.post(
            reverse("login"), {"username": "officer", "password": "a-long-test-password"}
        )
    _assert_unavailable(response)


def test_the_unavailable_page_needs_no_database():
    from portal.middleware import unavailable_response

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DOWN):
        response = unavailable_response()
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


# --- e-mail that cannot be queued ----------------------------------------------------------

NOT_SENT = "We could not send the e-mail just now; please try again in a few minutes."


def test_password_reset_says_so_when_the_queue_refuses(client, officer):
    with mock.patch.object(send_email, "apply_async", side_effect=BrokerError("refused")):
        response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 200
    assert NOT_SENT in response.content.decode()
    assert mail.outbox == []


def test_password_reset_says_so_for_an_unknown_address_too(client):
    # Otherwise a queue outage would tell which addresses have accounts.
    with mock.patch("portal.accounts.queue_reachable", return_value=False):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert NOT_SENT in response.content.decode()


def test_password_reset_still_sends_when_the_queue_answers(client, officer):
    response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1


def test_queue_now_raises_when_the_queue_refuses():
    from portal.jobs import QueueUnavailable

    with (
        mock.patch.object(send_email, "apply_async", side_effect=BrokerError("refused")),
        pytest.raises(QueueUnavailable),
    ):
        queue_now(send_email, subject="s", body="b", to=["a@example.org"])


def test_a_reminder_that_could_not_be_queued_is_not_recorded_as_sent(
    make_user, django_capture_on_commit_callbacks
):
    from portal.roles import Role

    org = OrganisationFactory(name="Crewe Food Network")
    make_user(Role.PARTNER_CONTACT, organisation=org, email="food@example.org")
    award_approve(award=AwardFactory(recipient_organisation=org), by=None)
    with (
        mock.patch.object(send_email, "apply_async", side_effect=BrokerError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        returns_remind()
    assert not MonitoringReturn.objects.filter(reminder_sent_on__isnull=False).exists()
