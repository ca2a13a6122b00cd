"""Sign-in holds against guessing without locking out the real user, sessions end when idle,
and every sign-in, sign-out and failure is on record for an administrator."""

import time
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse

from grants.models import Ballot
from grants.services.pb import voter_codes_issue
from portal.roles import Role

from ..grants.factories import ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
USUAL = "198.51.100.7"
PASSWORD = "a-long-test-password"


def _sign_in(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def priya(make_user):
    user = make_user(Role.OFFICER, username="priya")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_guessing_from_one_address_pauses_only_that_address(priya):
    attacker = Client()
    for _ in range(10):
        response = _sign_in(attacker, "priya", "wrong-guess", ATTACKER)
        assert response.status_code in (200, 429)
    assert response.status_code == 429

    # The real user, from their usual address, signs in at once.
    usual = Client()
    response = _sign_in(usual, "priya", PASSWORD, USUAL)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")

    # The right password from the attacking address is refused during the cool-off, and the
    # page says what to do.
    response = _sign_in(attacker, "priya", PASSWORD, ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert "paused for 15 minutes" in page
    assert reverse("password_reset") in page
    assert "_auth_user_id" not in attacker.session

    # A password reset still works from there.
    assert attacker.get(reverse("password_reset"), REMOTE_ADDR=ATTACKER).status_code == 200


def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(priya):
    client = Client()
    for _ in range(3):
        assert _sign_in(client, "priya", "typo", USUAL).status_code == 200
    assert _sign_in(client, "priya", PASSWORD, USUAL).status_code == 302
    assert not AccessAttempt.objects.filter(username="priya").exists()


def test_sign_ins_sign_outs_and_failures_are_recorded_for_the_admin(priya, administrator):
    client = Client()
    _sign_in(client, "priya", "typo", USUAL)
    _sign_in(client, "priya", PASSWORD, USUAL)
    client.post(reverse("logout"), REMOTE_ADDR=USUAL)
    failure = AccessFailureLog.objects.get(username="priya")
    assert failure.ip_address == USUAL and failure.attempt_time
    log = AccessLog.objects.get(username="priya")
    assert log.ip_address == USUAL and log.attempt_time and log.logout_time

    admin = Client()
    admin.force_login(administrator)
    for model in ("accesslog", "accessfailurelog"):
        response = admin.get(reverse(f"admin:axes_{model}_changelist"))
        assert response.status_code == 200
        assert "priya" in response.content.decode() and USUAL in response.content.decode()
    # Current lock-outs are listed there too (this one was cleared by the sign-in).
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_an_idle_session_ends_and_says_why(client, officer):
    client.force_login(officer)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["portal_last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("partnerships:partnership_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes" in page
    assert client.get(reverse("dashboard")).status_code == 302  # no longer signed in


def test_a_busy_session_stays_signed_in(client, officer):
    client.force_login(officer)
    for _ in range(3):
        assert client.get(reverse("dashboard")).status_code == 200


def test_guessing_voter_codes_is_paused_per_address(client):
    r = RoundFactory(budget=Decimal("100"))
    project = ProjectFactory(round=r, cost=Decimal("60"))
    code = voter_codes_issue(round=r, count=1, by=None)[0].code
    url = reverse("grants:ballot", args=[r.pk])
    for n in range(10):
        response = client.post(
            url, {"code": f"GUESS{n:05d}", "projects": [project.pk]}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 400
    response = client.post(url, {"code": code, "projects": [project.pk]}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert "Too many voter codes that did not match" in response.content.decode()
    assert not Ballot.objects.exists()
    # A voter elsewhere is unaffected.
    response = client.post(url, {"code": code, "projects": [project.pk]}, REMOTE_ADDR=USUAL)
    assert "your vote has been counted" in response.content.decode()


def test_behind_a_proxy_the_client_is_the_address_it_appended(rf, settings):
    from portal.signin import client_ip

    settings.PORTAL_TRUSTED_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", REMOTE_ADDR="172.18.0.2")
    assert client_ip(request) == "198.51.100.7"  # what a client sent itself is not believed
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="172.18.0.2")
    assert client_ip(request) == "172.18.0.2"
    settings.PORTAL_TRUSTED_PROXIES = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="172.18.0.2")
    assert client_ip(request) == "172.18.0.2"
