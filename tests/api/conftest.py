"""A small world for the API: partnership A (led by the lead officer; the board member sits on
its board A1 and the partner contact's organisation is represented there), partnership B
(nobody here belongs to it), each with a public board, a meeting with published packs and
papers of every kind, a work programme, a risk log, grants, and one Compact."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from api.services import api_token_create
from partnerships.models import AgendaItem, AgendaPack, Meeting, Report
from portal.roles import Role

from ..compact.factories import CodeFactory, CommitmentFactory, CompactFactory, ConsultationFactory
from ..grants.factories import AwardFactory, FundFactory
from ..partnerships.factories import (
    BoardFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from ..workprogramme.factories import RiskFactory, RiskLogFactory, TaskFactory, WorkProgrammeFactory

PDF = b"%PDF-1.4 test"


def make_pack(meeting, *, restricted=False, version=1, published=True):
    pack = AgendaPack.objects.create(
        meeting=meeting,
        version=version,
        restricted=restricted,
        state=AgendaPack.State.READY,
        generated_at=timezone.now(),
        page_count=3,
        published_at=timezone.now() if published else None,
    )
    pack.file.save(f"pack-{meeting.pk}-{version}-{int(restricted)}.pdf", ContentFile(PDF))
    return pack


def make_report(title, status=Report.Status.PUBLISHED):
    return Report.objects.create(
        title=title,
        author="A. Officer",
        status=status,
        finance_signoff="" if status in ("draft", "submitted") else "Finance",
        legal_signoff="" if status in ("draft", "submitted") else "Legal",
        summary=f"<p>Summary of {title}.</p>",
        recommendations="Agree the plan\nNote the risks",
    )


def make_meeting(board, *, days=7, label="", published=True):
    """A meeting of ``board`` with a published report, an exempt one, a cleared one and a
    draft, and its public and restricted packs."""
    label = label or board.name
    start = timezone.now() + datetime.timedelta(days=days)
    meeting = Meeting.objects.create(board=board, start=start, venue="Westfields")
    papers = [
        ("published", {}, Report.Status.PUBLISHED),
        (
            "exempt",
            {"exempt": True, "exempt_paragraph": 3, "public_title": "Contract award"},
            Report.Status.PUBLISHED,
        ),
        ("cleared", {}, Report.Status.CLEARED),
        ("draft", {}, Report.Status.DRAFT),
    ]
    reports = {}
    for number, (kind, extra, status) in enumerate(papers, start=1):
        report = make_report(f"{label} {kind} paper {meeting.pk}", status)
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=report.title, report=report, **extra
        )
        reports[kind] = report
    make_pack(meeting, published=published)
    make_pack(meeting, restricted=True, published=published)
    return meeting, reports


def add_rows(world, n=1):
    """More of every kind of record, for the query-count tests: each list endpoint's queries
    must not grow with them."""
    for _ in range(n):
        for key in ("a", "b"):
            partnership = world[key]
            board = BoardFactory(partnership=partnership, public=True)
            MembershipFactory(board=board, organisation=OrganisationFactory())
            make_meeting(board)
            programme = WorkProgrammeFactory(partnership=partnership)
            TaskFactory(programme=programme, lead_organisation=OrganisationFactory())
            RiskFactory(log=world[f"log_{key}"])
            AwardFactory(
                fund=world["fund"], recipient_partnership=partnership, recipient_organisation=None
            )
            PartnershipFactory(accountable_to=partnership, accountable_body=OrganisationFactory())
        FundFactory(board=world["board_a"])
        code = CodeFactory(compact=world["compact"])
        CommitmentFactory(code=code)
        ConsultationFactory(compact=world["compact"], organisation=OrganisationFactory())


@pytest.fixture
def world(settings, tmp_path, make_user, officer, board_member, partner_contact, administrator):
    settings.MEDIA_ROOT = tmp_path / "media"
    lead = make_user(Role.OFFICER, username="lead")
    other_member = make_user(Role.BOARD_MEMBER, username="other-member")
    a = PartnershipFactory(name="Partnership A", lead_officer=lead)
    b = PartnershipFactory(name="Partnership B")
    c = PartnershipFactory(name="Partnership C")
    board_a = BoardFactory(partnership=a, name="Board A1")
    board_b = BoardFactory(partnership=b, name="Board B1")
    board_c = BoardFactory(partnership=c, name="Board C1", public=False)
    MembershipFactory(board=board_a, user=board_member, contact=None, role="chair")
    MembershipFactory(board=board_a, organisation=partner_contact.organisation)
    MembershipFactory(board=board_c, user=other_member, contact=None)
    meeting_a, reports_a = make_meeting(board_a, label="A")
    meeting_b, reports_b = make_meeting(board_b, label="B")
    meeting_c, reports_c = make_meeting(board_c, label="C")
    unpublished, _ = make_meeting(board_a, days=30, label="A later", published=False)
    fund = FundFactory(name="Town Partnership grants", board=board_a)
    award_a = AwardFactory(
        fund=fund, recipient_partnership=a, recipient_organisation=None, title="Grant to A"
    )
    award_other = AwardFactory(fund=fund, title="Grant to someone else")
    programme_a = WorkProgrammeFactory(partnership=a, title="A programme")
    programme_b = WorkProgrammeFactory(partnership=b, title="B programme")
    task_a = TaskFactory(
        programme=programme_a, title="Audit Commission task", audit_commission=True
    )
    task_b = TaskFactory(programme=programme_b, title="B task")
    log_a = RiskLogFactory(partnership=a)
    log_b = RiskLogFactory(partnership=b)
    risk_a = RiskFactory(log=log_a)
    risk_b = RiskFactory(log=log_b)
    compact = CompactFactory(name="West Cheshire Compact")
    code = CodeFactory(compact=compact, title="Funding")
    CommitmentFactory(code=code, text="Give three months' notice")
    consultation = ConsultationFactory(compact=compact)
    users = {
        "partner_contact": partner_contact,
        "board_member": board_member,
        "other_member": other_member,
        "officer": officer,
        "lead": lead,
        "administrator": administrator,
    }
    return {
        "a": a,
        "b": b,
        "c": c,
        "board_a": board_a,
        "board_b": board_b,
        "board_c": board_c,
        "meeting_a": meeting_a,
        "meeting_b": meeting_b,
        "meeting_c": meeting_c,
        "unpublished": unpublished,
        "reports_a": reports_a,
        "reports_b": reports_b,
        "reports_c": reports_c,
        "fund": fund,
        "award_a": award_a,
        "award_other": award_other,
        "programme_a": programme_a,
        "programme_b": programme_b,
        "task_a": task_a,
        "task_b": task_b,
        "log_a": log_a,
        "log_b": log_b,
        "risk_a": risk_a,
        "risk_b": risk_b,
        "compact": compact,
        "code": code,
        "consultation": consultation,
        "users": users,
    }


@pytest.fixture
def token_client(world):
    """token_client(user) → a client that sends a fresh token of ``user``, and no cookie."""

    def make(user):
        _, key = api_token_create(user=user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make
