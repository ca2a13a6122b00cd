"""The members' record: a member's profile (boards, terms, register of interests,
attendance), the register kept by the member or an officer with its history, and
declarations that link to the member who made them."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.members import attendance_by_year
from partnerships.models import AgendaItem, Attendance, Declaration, Interest, Meeting
from portal.roles import Role

from .factories import BoardFactory, MembershipFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 14, 0, tzinfo=LONDON)


def meeting(board, day, status=Meeting.Status.HELD):
    return Meeting.objects.create(board=board, start=at(day), venue="Town Hall", status=status)


@pytest.fixture
def setup(officer, board_member, make_user):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    council = OrganisationFactory(name="Cheshire East Council")
    board_member.phone = "01270 000000"
    board_member.save()
    member = MembershipFactory(
        board=board,
        user=board_member,
        contact=None,
        organisation=council,
        start_date=datetime.date(2024, 1, 1),
    )
    contact_member = MembershipFactory(
        board=board, contact__name="Dr A Patel", contact__email="a.patel@example.nhs.uk"
    )
    outsider = make_user(Role.BOARD_MEMBER, username="outsider")
    elsewhere = BoardFactory(partnership=PartnershipFactory(name="Elsewhere"), name="Other")
    MembershipFactory(board=elsewhere, user=outsider, contact=None)
    return {
        "board": board,
        "member": member,
        "contact_member": contact_member,
        "outsider": outsider,
        "other_officer": make_user(Role.OFFICER, username="another-officer"),
    }


# --- who may open the pages -----------------------------------------------------------------


def _interest(membership, **kwargs):
    return Interest.objects.create(
        user=membership.user,
        contact=membership.contact,
        kind=kwargs.pop("kind", Interest.Kind.PECUNIARY),
        description=kwargs.pop("description", "Director of Sandbach Care Ltd"),
        **kwargs,
    )


def test_profile_pages_per_role(client, client_for, officer, board_member, setup):
    member = setup["member"]
    interest = _interest(member)
    pages = {
        "profile": reverse("partnerships:member", args=[member.pk]),
        "add": reverse("partnerships:interest_add", args=[member.pk]),
        "edit": reverse("partnerships:interest_edit", args=[interest.pk]),
        "history": reverse("partnerships:interest_history", args=[interest.pk]),
    }
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    outsider = client_for(setup["outsider"])
    for url in pages.values():
        assert outsider.get(url).status_code == 404, url
    for who in (board_member, officer):  # the member themself; the officer who leads it
        c = client_for(who)
        for url in pages.values():
            assert c.get(url).status_code == 200, (who, url)
    # An officer who keeps none of the member's boards reads the record but does not keep it.
    other = client_for(setup["other_officer"])
    assert other.get(pages["profile"]).status_code == 200
    assert other.get(pages["history"]).status_code == 200
    assert other.get(pages["add"]).status_code == 403
    assert other.get(pages["edit"]).status_code == 403


def test_a_member_keeps_their_own_register_not_anothers(client_for, board_member, setup):
    client = client_for(board_member)
    member, patel = setup["member"], setup["contact_member"]
    response = client.post(
        reverse("partnerships:interest_add", args=[member.pk]),
        {
            "kind": "pecuniary",
            "description": "Shares in Sandbach Care Ltd",
            "start_date": "2024-02-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:member", args=[member.pk])
    interest = Interest.objects.get()
    assert interest.user == board_member and interest.contact is None
    # Another member's register is not theirs to keep: they may read it, not add to it.
    assert client.get(reverse("partnerships:member", args=[patel.pk])).status_code == 200
    refused = client.post(
        reverse("partnerships:interest_add", args=[patel.pk]),
        {"kind": "pecuniary", "description": "Planted"},
    )
    assert refused.status_code == 403
    theirs = _interest(patel, description="Trustee of Age UK Cheshire East")
    assert (
        client.post(
            reverse("partnerships:interest_edit", args=[theirs.pk]),
            {"kind": "pecuniary", "description": "Changed", "start_date": ""},
        ).status_code
        == 403
    )
    theirs.refresh_from_db()
    assert theirs.description == "Trustee of Age UK Cheshire East"
    assert Interest.objects.count() == 2


def test_an_officer_adds_and_ends_an_interest_and_the_history_says_who(
    client_for, officer, board_member, setup
):
    patel = setup["contact_member"]
    client = client_for(officer)
    client.post(
        reverse("partnerships:interest_add", args=[patel.pk]),
        {
            "kind": "other_registrable",
            "description": "Trustee of Age UK",
            "start_date": "2023-04-01",
        },
    )
    interest = Interest.objects.get()
    assert interest.contact == patel.contact
    # Ending it: the "to" date; an end before the start is refused on its field.
    url = reverse("partnerships:interest_edit", args=[interest.pk])
    bad = client.post(
        url,
        {
            "kind": "other_registrable",
            "description": "Trustee of Age UK",
            "start_date": "2023-04-01",
            "end_date": "2022-01-01",
        },
    )
    assert bad.status_code == 200 and "must not be before the start" in bad.content.decode()
    client.post(
        url,
        {
            "kind": "other_registrable",
            "description": "Trustee of Age UK",
            "start_date": "2023-04-01",
            "end_date": "2024-03-31",
        },
    )
    interest.refresh_from_db()
    assert interest.end_date == datetime.date(2024, 3, 31)
    history = client.get(reverse("partnerships:interest_history", args=[interest.pk]))
    text = history.content.decode()
    assert (
        text.count(f"<td>{officer.name}</td>") == 2
        and "Changed" in text
        and "31 March 2024" in text
    )
    profile = client_for(board_member).get(reverse("partnerships:member", args=[patel.pk]))
    text = profile.content.decode()
    assert "Trustee of Age UK" in text and "Ended" in text
    assert "a.patel@example.nhs.uk" in text  # signed in, contact details are shown


def test_the_profile_shows_roles_terms_interests_and_contact_details(
    client_for, officer, board_member, setup
):
    member = setup["member"]
    MembershipFactory(
        board=BoardFactory(partnership=member.board.partnership, name="Children's Trust"),
        user=board_member,
        contact=None,
        role="vice_chair",
        start_date=datetime.date(2022, 5, 1),
        end_date=datetime.date(2023, 6, 30),
    )
    _interest(member, description="Director of Sandbach Care Ltd")
    _interest(member, description="Old job", end_date=datetime.date(2020, 1, 1))
    text = client_for(officer).get(reverse("partnerships:member", args=[member.pk])).content
    text = text.decode()
    for expected in (
        board_member.name,
        "Cheshire East Council",
        board_member.email,
        "01270 000000",
        "Health and Wellbeing Board",
        "Children&#x27;s Trust",
        "Vice-chair",
        "From 1 May 2022 to 30 Jun 2023",
        "From 1 Jan 2024",
        "Director of Sandbach Care Ltd",
        "Old job",
        "Your register of interests" not in text and "Register of interests",
    ):
        assert expected in text, expected
    own = client_for(board_member).get(reverse("partnerships:profile")).content.decode()
    assert "Your register of interests" in own
    assert reverse("partnerships:member", args=[member.pk]) in own


def test_the_board_page_links_each_member_to_their_record(client_for, officer, setup):
    text = client_for(officer).get(setup["board"].get_absolute_url()).content.decode()
    assert reverse("partnerships:member", args=[setup["member"].pk]) in text
    assert reverse("partnerships:member", args=[setup["contact_member"].pk]) in text


# --- attendance -----------------------------------------------------------------------------


def attendance_world(setup):
    """Meetings of the member's board, and of a board they sat on for 2023 only."""
    member, board = setup["member"], setup["board"]
    now = timezone.now()
    m1 = meeting(board, datetime.date(2024, 5, 10))
    m2 = meeting(board, datetime.date(2024, 6, 10), Meeting.Status.MINUTES_APPROVED)
    cancelled = meeting(board, datetime.date(2024, 7, 10), Meeting.Status.CANCELLED)
    before_term = meeting(board, datetime.date(2023, 12, 1))
    meeting(board, datetime.date(2025, 2, 10))  # held, no attendance recorded: absent
    m5 = meeting(board, datetime.date(2025, 5, 10))
    Meeting.objects.create(board=board, start=now + datetime.timedelta(days=30), venue="Hall")
    Meeting.objects.create(
        board=board, start=now + datetime.timedelta(days=3), venue="Hall", status="held"
    )
    Attendance.objects.create(meeting=m1, membership=member, status="present")
    Attendance.objects.create(meeting=m2, membership=member, status="apologies")
    Attendance.objects.create(meeting=m2, name="Cllr Sub", substitute_for=member, status="present")
    Attendance.objects.create(meeting=cancelled, membership=member, status="present")
    Attendance.objects.create(meeting=before_term, membership=member, status="present")
    Attendance.objects.create(meeting=m5, membership=member, status="present")
    past = MembershipFactory(
        board=BoardFactory(partnership=board.partnership, name="Children's Trust"),
        user=member.user,
        contact=None,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    in_term = meeting(past.board, datetime.date(2023, 6, 1))
    after_term = meeting(past.board, datetime.date(2024, 3, 1))
    Attendance.objects.create(meeting=in_term, membership=past, status="present")
    Attendance.objects.create(meeting=after_term, membership=past, status="present")
    return past


def test_attendance_counts_held_meetings_in_the_term_per_financial_year(setup):
    member = setup["member"]
    past = attendance_world(setup)
    stats = attendance_by_year([member, past])
    got = {
        pk: [(y.label, y.present, y.expected, y.apologies, y.substituted) for y in years]
        for pk, years in stats.items()
    }
    assert got == {
        # 2024/25: 10 May present, 10 Jun apologies (a substitute came), 10 Feb absent; the
        # cancelled meeting, the one before the term and those not yet held are left out.
        member.pk: [("2025/26", 1, 1, 0, 0), ("2024/25", 1, 3, 1, 1)],
        past.pk: [("2023/24", 1, 1, 0, 0)],  # the meeting after the term is left out
    }


def test_the_profile_shows_attendance(client_for, officer, setup):
    attendance_world(setup)
    url = reverse("partnerships:member", args=[setup["member"].pk])
    text = client_for(officer).get(url).content.decode()
    assert "Financial year" in text and "2024/25" in text
    assert "<td>1 / 3</td>" in text and "<td>1 / 1</td>" in text


def _add_boards(setup, n):
    """n more boards the member sits on, each with meetings, attendance and an interest."""
    member = setup["member"]
    for i in range(n):
        board = BoardFactory(partnership=member.board.partnership)
        m = MembershipFactory(board=board, user=member.user, contact=None)
        for d in (datetime.date(2024, 5, 1), datetime.date(2025, 5, 1)):
            Attendance.objects.create(meeting=meeting(board, d), membership=m, status="present")
        _interest(member, description=f"Interest {i}")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_profile_query_count_does_not_grow_with_boards_and_meetings(
    client_for, officer, board_member, setup
):
    url = reverse("partnerships:member", args=[setup["member"].pk])
    counts = {}
    for who in (officer, board_member):
        client = client_for(who)
        _add_boards(setup, 1)
        client.get(url)  # warm the session
        one = _queries(client, url)
        _add_boards(setup, 6)
        counts[who.username] = (one, _queries(client, url))
    assert all(a == b for a, b in counts.values()), counts


# --- declarations ---------------------------------------------------------------------------


def test_a_declaration_names_the_member_and_their_register_entry(client_for, officer, setup):
    member, patel = setup["member"], setup["contact_member"]
    board = setup["board"]
    m = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=5), venue="Hall"
    )
    item = AgendaItem.objects.create(meeting=m, number=1, title="Care contracts")
    entry = _interest(member, description="Director of Sandbach Care Ltd")
    theirs = _interest(patel, description="Trustee of Age UK")
    client = client_for(officer)
    url = reverse("partnerships:declaration_add", args=[m.pk])
    form = client.get(url).content.decode()
    assert "Cheshire East Council" in form and "Someone else" in form
    # An entry from someone else's register is refused; so is no one at all.
    wrong = client.post(
        url, {"item": item.pk, "membership": member.pk, "interest_entry": theirs.pk}
    )
    assert wrong.status_code == 200 and "declaring member" in wrong.content.decode()
    nobody = client.post(url, {"item": item.pk, "interest": "Something"})
    assert nobody.status_code == 200 and "Choose the member declaring" in nobody.content.decode()
    response = client.post(
        url, {"item": item.pk, "membership": member.pk, "interest_entry": entry.pk}
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.member == member.person_name
    assert declaration.interest_entry == entry
    assert "Director of Sandbach Care Ltd" in declaration.interest
    # Someone who is not on the board still declares by name.
    client.post(url, {"item": item.pk, "member": "Ms Guest", "interest": "Works for a bidder"})
    page = client.get(m.get_absolute_url()).content.decode()
    profile_url = reverse("partnerships:member", args=[member.pk])
    assert f'<a href="{profile_url}">{member.person_name}</a>' in page
    assert "Ms Guest, Works for a bidder" in page
