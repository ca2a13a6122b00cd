"""``Report.objects.visible_to(user)`` — the queryset the search box and the API read reports
through — says exactly what the one-report rule ``partnerships.view_report`` says, for every
kind of person and every state of a paper (exempt or not, draft to published, off an agenda)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from partnerships.models import AgendaItem, Meeting, Report
from portal.roles import Role

from .factories import BoardFactory, MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def _papers(board, label):
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=7), venue="Westfields"
    )
    for number, (status, exempt) in enumerate(
        itertools.product(Report.Status.values, (False, True)), start=1
    ):
        signed = "" if status in ("draft", "submitted") else "Signed"
        report = Report.objects.create(
            title=f"{label} {status} {'exempt' if exempt else 'open'}",
            status=status,
            finance_signoff=signed,
            legal_signoff=signed,
        )
        extra = {"exempt_paragraph": 3, "public_title": "Contract"} if exempt else {}
        AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=report.title,
            report=report,
            exempt=exempt,
            **extra,
        )


@pytest.fixture
def people(make_user, signer, board_member, partner_contact, administrator, no_role_user):
    lead = make_user(Role.OFFICER, username="lead")
    supporter = make_user(Role.OFFICER, username="supporter")
    other_member = make_user(Role.BOARD_MEMBER, username="other-member")
    a = PartnershipFactory(name="A", lead_officer=lead)
    a.supporting_officers.add(supporter)
    c = PartnershipFactory(name="C")
    board_a, board_c = BoardFactory(partnership=a), BoardFactory(partnership=c)
    MembershipFactory(board=board_a, user=board_member, contact=None)
    MembershipFactory(board=board_a, organisation=partner_contact.organisation)
    MembershipFactory(board=board_c, user=other_member, contact=None)
    _papers(board_a, "A")
    _papers(board_c, "C")
    Report.objects.create(
        title="Not on an agenda", status="published", finance_signoff="F", legal_signoff="L"
    )
    return {
        "administrator": administrator,
        "lead officer": lead,
        "supporting officer": supporter,
        "officer who keeps nothing": make_user(Role.OFFICER, username="other-officer"),
        "finance signer": signer("finance"),
        "board member": board_member,
        "member of another board": other_member,
        "partner contact": partner_contact,
        "no role": no_role_user,
    }


def test_visible_to_is_the_view_report_rule_for_everyone(people):
    reports = list(Report.objects.select_related("agenda_item__meeting__board__partnership"))
    assert len(reports) == 2 * 8 + 1
    wrong = []
    for name, user in people.items():
        rule = {r.title for r in reports if user.has_perm("partnerships.view_report", r)}
        queryset = set(Report.objects.visible_to(user).values_list("title", flat=True))
        if rule != queryset:
            wrong.append(f"{name}: rule only {rule - queryset}, queryset only {queryset - rule}")
    assert not wrong, "\n".join(wrong)
    # And the rule lets each kind of person read something different.
    assert len({frozenset(Report.objects.visible_to(u)) for u in people.values()}) >= 5
