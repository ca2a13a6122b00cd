"""A person's profile: their calendar address, which a reset or a password change ends, and
their recent sign-ins."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.calendar import feed_owner, feed_token, read_token
from partnerships.models import User
from portal.roles import Role

from .factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def member(make_user):
    user = make_user(Role.BOARD_MEMBER, username="sam", name="Sam Jones")
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(board=BoardFactory(name="Leaders Board"), user=user, contact=None)
    return user


def _feed_on(page: str) -> str:
    """The calendar address a page shows (a token carries the second it was made)."""
    return re.search(r"/partnerships/calendar/([^/\"]+)/meetings\.ics", page).group(0)


def _owner(address: str):
    token = address.split("/")[-2]
    return feed_owner(read_token(token), User.objects)


def test_profile_needs_sign_in_and_shows_the_person(client, member, django_assert_max_num_queries):
    assert client.get(reverse("partnerships:profile")).status_code == 302
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:profile"))
    page = response.content.decode()
    assert "Sam Jones" in page and "Board member" in page
    assert _owner(_feed_on(page)) == member


def test_resetting_the_calendar_address_ends_the_old_one(client, member):
    old = reverse("partnerships:calendar", args=[feed_token(user=member)])
    assert client.get(old).status_code == 200
    client.force_login(member)
    assert (
        client.get(reverse("partnerships:calendar_reset")).status_code == 405
    )  # a GET writes nothing
    response = client.post(reverse("partnerships:calendar_reset"), follow=True)
    assert "the old one no longer works" in response.content.decode()
    assert Client().get(old).status_code == 404
    new = _feed_on(response.content.decode())
    assert new != old and _owner(new) == member
    assert Client().get(new).status_code == 200


def test_a_password_change_ends_the_calendar_address_and_other_sessions(member):
    old_feed = reverse("partnerships:calendar", args=[feed_token(user=member)])
    elsewhere = Client()
    elsewhere.force_login(member)
    here = Client()
    here.force_login(member)
    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-2027",
            "new_password2": "another-long-password-2027",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("dashboard")).status_code == 200  # this session goes on
    assert elsewhere.get(reverse("dashboard")).status_code == 302  # the other one has ended
    assert Client().get(old_feed).status_code == 404


def test_an_old_calendar_address_expires(client, member, settings):
    url = reverse("partnerships:calendar", args=[feed_token(user=member)])
    settings.PORTAL_CALENDAR_FEED_DAYS = 0
    assert client.get(url).status_code == 404


def test_recent_sign_ins_are_listed(member):
    client = Client()
    client.post(
        reverse("login"), {"username": "sam", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    page = client.get(reverse("partnerships:profile")).content.decode()
    assert "198.51.100.7" in page
