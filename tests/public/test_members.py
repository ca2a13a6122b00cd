"""The public member profile: public boards only, no contact details, 404 otherwise."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Attendance, Interest, Meeting

from ..partnerships.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def setup():
    partnership = PartnershipFactory(name="Health and Wellbeing")
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    officers = BoardFactory(partnership=partnership, name="Officer Group", public=False)
    person = UserFactory(name="Cllr Jane Hughes", email="jane@example.org", phone="01270 1")
    member = MembershipFactory(
        board=board,
        user=person,
        contact=None,
        organisation=OrganisationFactory(name="Cheshire East Council"),
        start_date=datetime.date(2024, 1, 1),
    )
    private = MembershipFactory(board=officers, user=person, contact=None, role="chair")
    secret_only = MembershipFactory(board=officers, contact__email="hidden@example.org")
    held = Meeting.objects.create(
        board=board,
        start=datetime.datetime(2024, 5, 10, 14, tzinfo=LONDON),
        venue="Westfields",
        status="held",
    )
    Attendance.objects.create(meeting=held, membership=member, status="present")
    Interest.objects.create(user=person, kind="pecuniary", description="Director of Care Ltd")
    return {"member": member, "private": private, "secret_only": secret_only}


def url(membership):
    return reverse("public:member", args=[membership.pk])


def test_anyone_reads_a_public_boards_member(client, setup):
    response = client.get(url(setup["member"]))
    assert response.status_code == 200
    text = response.content.decode()
    for shown in (
        "Cllr Jane Hughes",
        "Cheshire East Council",
        "Health and Wellbeing Board",
        "Director of Care Ltd",
        "2024/25",
        "1 / 1",
    ):
        assert shown in text, shown
    # Nothing of the private board, no contact details, nothing to edit.
    for hidden in ("Officer Group", "jane@example.org", "01270 1", "mailto:", "Edit or end"):
        assert hidden not in text, hidden


def test_a_private_boards_membership_is_not_found(client, setup):
    assert client.get(url(setup["private"])).status_code == 404
    assert client.get(url(setup["secret_only"])).status_code == 404
    assert client.get("/democracy/members/999999/").status_code == 404


def test_the_public_profile_query_count_does_not_grow(client, setup):
    member = setup["member"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(member)).status_code == 200
        return len(queries)

    def more(n):
        for _ in range(n):
            board = BoardFactory(partnership=member.board.partnership)
            m = MembershipFactory(board=board, user=member.user, contact=None)
            held = Meeting.objects.create(
                board=board,
                start=datetime.datetime(2025, 5, 10, 14, tzinfo=LONDON),
                venue="Hall",
                status="held",
            )
            Attendance.objects.create(meeting=held, membership=m, status="present")
            Interest.objects.create(user=member.user, kind="non_registrable", description="x")

    client.get(url(member))
    one = count()
    more(5)
    assert count() == one
