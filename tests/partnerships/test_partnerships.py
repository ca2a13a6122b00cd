import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import (
    Board,
    Contribution,
    Membership,
    Partnership,
    RiskAssessment,
    ValueForMoneyReview,
    financial_year,
)
from portal.models import Job
from portal.roles import Role

from ..grants.factories import AwardFactory
from ..workprogramme.factories import RiskLogFactory, WorkProgrammeFactory
from .factories import (
    BoardFactory,
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

REGISTER = reverse("partnerships:partnership_list")
TODAY = timezone.localdate()
YEAR = financial_year(TODAY)


@pytest.fixture
def world(officer, board_member, partner_contact, make_user):
    """A Leaders Board led by `officer`, a thematic board under it whose board has the board
    member and the partner's organisation on it, and a partnership nobody here belongs to."""
    leaders = PartnershipFactory(name="Leaders Board", kind="leaders_board", lead_officer=officer)
    health = PartnershipFactory(
        name="Health and Wellbeing Board",
        accountable_to=leaders,
        commissioned_by=leaders,
        lead_officer=officer,
    )
    health_board = BoardFactory(partnership=health, name="Health and Wellbeing Board")
    MembershipFactory(board=health_board, user=board_member, contact=None, role="chair")
    MembershipFactory(
        board=health_board,
        contact__name="Sam's colleague",
        organisation=partner_contact.organisation,
    )
    other = PartnershipFactory(name="Carlisle Partnership", kind="strategic")
    BoardFactory(partnership=other, name="Carlisle Partnership")
    supporter = make_user(Role.OFFICER, username="supporter")
    health.supporting_officers.add(supporter)
    stranger = make_user(Role.OFFICER, username="stranger")
    return {
        "leaders": leaders,
        "health": health,
        "board": health_board,
        "other": other,
        "supporter": supporter,
        "stranger": stranger,
    }


# --- who may see and change what --------------------------------------------------------------


def test_register_is_open_to_every_role(role_client, world):
    role, client = role_client
    response = client.get(REGISTER)
    expected = {"anonymous": 302, "no_role_user": 403}.get(role, 200)
    assert response.status_code == expected
    if expected == 200:
        names = {p.name for p in response.context["partnerships"]}
        assert names == {"Leaders Board", "Health and Wellbeing Board", "Carlisle Partnership"}


def test_structure_is_open_to_every_role(role_client, world):
    role, client = role_client
    expected = {"anonymous": 302, "no_role_user": 403}.get(role, 200)
    assert client.get(reverse("partnerships:structure")).status_code == expected


@pytest.mark.parametrize(
    "who,partnership,detail,edit",
    [
        ("officer", "health", 200, 200),  # leads it
        ("supporter", "health", 200, 200),  # named to support it
        ("stranger", "health", 200, 403),  # another officer: reads, may not edit
        ("administrator", "other", 200, 200),
        ("board_member", "health", 200, 403),  # sits on its board
        ("board_member", "other", 404, 404),
        ("partner_contact", "health", 200, 403),  # their organisation is represented
        ("partner_contact", "other", 404, 404),
        ("no_role_user", "health", 404, 404),
    ],
)
def test_partnership_pages_per_role(request, client_for, world, who, partnership, detail, edit):
    user = world.get(who) or request.getfixturevalue(who)
    p = world[partnership]
    client = client_for(user)
    assert client.get(reverse("partnerships:partnership_detail", args=[p.pk])).status_code == detail
    assert client.get(reverse("partnerships:partnership_edit", args=[p.pk])).status_code == edit
    board = p.boards.first()
    assert client.get(reverse("partnerships:board_detail", args=[board.pk])).status_code == detail
    for name in ["board_add", "contribution_add", "risk_assessment_add", "review_add"]:
        assert client.get(reverse(f"partnerships:{name}", args=[p.pk])).status_code == edit, name
    for name in ["membership_add", "seat_add", "action_add"]:
        assert client.get(reverse(f"partnerships:{name}", args=[board.pk])).status_code == edit, (
            name
        )


def test_anonymous_is_sent_to_sign_in(client, world):
    url = reverse("partnerships:partnership_detail", args=[world["health"].pk])
    assert client.get(url).url.startswith(reverse("login"))


def test_register_links_only_what_the_user_may_open(client_for, board_member, world):
    content = client_for(board_member).get(REGISTER).content.decode()
    assert f'href="{world["health"].get_absolute_url()}"' in content
    assert f'href="{world["other"].get_absolute_url()}"' not in content
    assert "Carlisle Partnership" in content


def test_proposals_are_for_officers_only(client_for, officer, board_member, world):
    PartnershipFactory(name="Proposed Sub-Group", status="proposed")
    assert "Proposed Sub-Group" in client_for(officer).get(REGISTER).content.decode()
    assert "Proposed Sub-Group" not in client_for(board_member).get(REGISTER).content.decode()


def test_only_officers_add_partnerships(client_for, board_member, officer):
    add = reverse("partnerships:partnership_add")
    assert client_for(board_member).get(add).status_code == 403
    response = client_for(officer).post(
        add, {"name": "New Forum", "kind": "thematic", "status": "active"}
    )
    new = Partnership.objects.get(name="New Forum")
    assert response.url == new.get_absolute_url()
    assert new.lead_officer == officer  # the creator leads it unless someone else is named


# --- the £30,000 rule and value-for-money reviews ---------------------------------------------


def _flags(name):
    # The day the module's dates were computed from, so that a run crossing midnight agrees.
    return Partnership.objects.with_flags(today=TODAY).get(name=name)


def test_over_the_threshold_without_a_current_risk_assessment_is_flagged(settings):
    settings.PARTNERSHIP_RISK_THRESHOLD = 30_000
    big = PartnershipFactory(name="Big")
    ContributionFactory(partnership=big, cash=Decimal("20000"), in_kind=Decimal("10000.01"))
    exactly = PartnershipFactory(name="Exactly")
    ContributionFactory(partnership=exactly, cash=Decimal("30000"))
    last_year = PartnershipFactory(name="Last year")
    ContributionFactory(partnership=last_year, cash=Decimal("90000"), financial_year=YEAR - 1)
    assert _flags("Big").current_resources == Decimal("30000.01")
    assert _flags("Big").needs_risk_assessment
    assert not _flags("Exactly").needs_risk_assessment  # the rule is "over" £30,000
    assert not _flags("Last year").needs_risk_assessment

    expired = RiskAssessment.objects.create(
        partnership=big,
        assessed_on=TODAY - datetime.timedelta(days=400),
        next_review_due=TODAY - datetime.timedelta(days=1),
        rating="low",
        summary="Old",
    )
    assert _flags("Big").needs_risk_assessment  # out of date
    expired.next_review_due = TODAY
    expired.save()
    assert not _flags("Big").needs_risk_assessment

    big.status = Partnership.Status.DISSOLVED
    big.save()
    RiskAssessment.objects.all().delete()
    assert not _flags("Big").needs_risk_assessment  # a dissolved partnership needs none


def test_threshold_is_a_setting(settings):
    big = PartnershipFactory(name="Big")
    ContributionFactory(partnership=big, cash=Decimal("20000"))
    settings.PARTNERSHIP_RISK_THRESHOLD = 10_000
    assert _flags("Big").needs_risk_assessment
    settings.PARTNERSHIP_RISK_THRESHOLD = 30_000
    assert not _flags("Big").needs_risk_assessment


def test_review_overdue(client_for, officer):
    old = PartnershipFactory(name="Old", start_date=TODAY - datetime.timedelta(days=800))
    new = PartnershipFactory(name="New", start_date=TODAY - datetime.timedelta(days=30))
    assert _flags("Old").review_overdue  # never reviewed in over a year
    assert not _flags("New").review_overdue
    # Recording a review through the page: next review defaults to a year on.
    url = reverse("partnerships:review_add", args=[old.pk])
    old.lead_officer = officer
    old.save()
    response = client_for(officer).post(
        url, {"reviewed_on": TODAY.isoformat(), "outcome": "continue", "findings": "Good."}
    )
    assert response.status_code == 302
    review = ValueForMoneyReview.objects.get()
    assert review.next_review_due == TODAY.replace(year=TODAY.year + 1)
    assert review.reviewer == officer
    assert not _flags("Old").review_overdue
    ValueForMoneyReview.objects.filter(pk=review.pk).update(
        reviewed_on=TODAY - datetime.timedelta(days=400),
        next_review_due=TODAY - datetime.timedelta(days=1),
    )
    assert _flags("Old").review_overdue
    assert new.pk


def test_register_filters_and_flags_show(client_for, officer, world, settings):
    settings.PARTNERSHIP_RISK_THRESHOLD = 30_000
    ContributionFactory(partnership=world["health"], cash=Decimal("45000"))
    world["other"].start_date = TODAY - datetime.timedelta(days=900)
    world["other"].save()
    client = client_for(officer)

    def names(**query):
        return {p.name for p in client.get(REGISTER, query).context["partnerships"]}

    assert names(needs_risk_assessment="true") == {"Health and Wellbeing Board"}
    assert names(review_overdue="true") == {"Carlisle Partnership"}
    assert names(kind="leaders_board") == {"Leaders Board"}
    assert names(q="wellbeing") == {"Health and Wellbeing Board"}
    body = OrganisationFactory(name="Carlisle City Council")
    world["other"].accountable_body = body
    world["other"].save()
    assert names(accountable_body=body.pk) == {"Carlisle Partnership"}
    assert names(status="dissolved") == set()
    content = client.get(REGISTER).content.decode()
    assert "Risk assessment needed" in content and "Review overdue" in content
    assert "£45,000" in content


def test_register_csv_export(client_for, officer, world, django_capture_on_commit_callbacks):
    ContributionFactory(partnership=world["health"], cash=Decimal("45000"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            reverse("partnerships:partnership_export"), {"needs_risk_assessment": "true"}
        )
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    with job.file.open("rb") as f:
        rows = list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))
    assert [r["Name"] for r in rows] == ["Health and Wellbeing Board"]
    assert rows[0]["Accountable to"] == "Leaders Board"
    assert rows[0]["Resources this financial year (£)"] == "45000.00"
    assert rows[0]["Needs a risk assessment"] == "Yes"


def test_dashboard_flags_partnerships_needing_attention(client_for, officer, world, settings):
    ContributionFactory(partnership=world["health"], cash=Decimal("45000"))
    content = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "Partnerships needing attention" in content
    assert "Health and Wellbeing Board</a>:\n          risk assessment needed" in content


# --- rules that refuse bad input ----------------------------------------------------------------


def _edit(client, p, **changes):
    data = {
        "name": p.name,
        "kind": p.kind,
        "status": p.status,
        "accountable_to": p.accountable_to_id or "",
        "commissioned_by": p.commissioned_by_id or "",
        "start_date": p.start_date.isoformat() if p.start_date else "",
        "lead_officer": p.lead_officer_id or "",
        **changes,
    }
    return client.post(reverse("partnerships:partnership_edit", args=[p.pk]), data)


def test_a_cycle_in_accountability_is_refused(client_for, officer, world):
    leaders = world["leaders"]
    response = _edit(client_for(officer), leaders, accountable_to=world["health"].pk)
    assert response.status_code == 200
    error = response.context["form"].errors["accountable_to"][0]
    assert "loop" in error and "Leaders Board → Health and Wellbeing Board → Leaders Board" in error
    leaders.refresh_from_db()
    assert leaders.accountable_to is None


def test_a_longer_cycle_and_commissioning_cycles_are_refused(officer):
    from django.core.exceptions import ValidationError

    a = PartnershipFactory(name="A")
    b = PartnershipFactory(name="B", accountable_to=a, commissioned_by=a)
    c = PartnershipFactory(name="C", accountable_to=b)
    a.accountable_to = c
    a.commissioned_by = b
    with pytest.raises(ValidationError) as raised:
        a.full_clean()
    assert set(raised.value.error_dict) == {"accountable_to", "commissioned_by"}


def test_end_before_start_is_refused(client_for, officer, world):
    health = world["health"]
    response = _edit(
        client_for(officer),
        health,
        end_date=(health.start_date - datetime.timedelta(days=1)).isoformat(),
    )
    assert "must not be before the start date" in response.context["form"].errors["end_date"][0]
    health.refresh_from_db()
    assert health.end_date is None


def test_council_as_accountable_body_needs_criteria_and_risks(client_for, officer, world, settings):
    council = OrganisationFactory(name=settings.PORTAL_COUNCIL_NAME)
    response = _edit(client_for(officer), world["health"], accountable_body=council.pk)
    errors = response.context["form"].errors
    assert "record the accountable body criteria checked" in errors["accountable_body_criteria"][0]
    assert "risks_and_benefits" not in errors and "accountable_body_risks" in errors
    response = _edit(
        client_for(officer),
        world["health"],
        accountable_body=council.pk,
        accountable_body_criteria="Constitution, audit, exit strategy",
        accountable_body_risks="Financial exposure accepted",
    )
    assert response.status_code == 302


def test_a_second_chair_is_refused(client_for, officer, world):
    board = world["board"]
    url = reverse("partnerships:membership_add", args=[board.pk])
    from .factories import ContactFactory

    contact = ContactFactory(name="Second Chair")
    response = client_for(officer).post(
        url, {"contact": contact.pk, "role": "chair", "voting": "on"}
    )
    assert response.status_code == 200
    assert "already has a chair" in response.context["form"].errors["role"][0]
    assert board.memberships.filter(role="chair").count() == 1
    # Ending the current chair's membership frees the chair; the past chair stays listed.
    chair = board.memberships.get(role="chair")
    chair.end_date = TODAY - datetime.timedelta(days=1)
    chair.save()
    response = client_for(officer).post(
        url,
        {"contact": contact.pk, "role": "chair", "voting": "on", "start_date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    page = client_for(officer).get(board.get_absolute_url())
    assert [m.person_name for m in page.context["past_members"]] == [chair.person_name]


def test_the_database_holds_one_current_chair_per_board(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(board=world["board"], role="chair")


def test_a_membership_is_a_user_or_a_contact(client_for, officer, world, board_member):
    from .factories import ContactFactory

    url = reverse("partnerships:membership_add", args=[world["board"].pk])
    both = {"user": board_member.pk, "contact": ContactFactory().pk, "role": "member"}
    response = client_for(officer).post(url, both)
    assert "either a portal user or a contact" in str(response.context["form"].errors)
    response = client_for(officer).post(url, {"role": "member"})
    assert "either a portal user or a contact" in str(response.context["form"].errors)


def test_negative_resources_are_refused(client_for, officer, world):
    url = reverse("partnerships:contribution_add", args=[world["health"].pk])
    org = OrganisationFactory()
    response = client_for(officer).post(
        url, {"financial_year": YEAR, "organisation": org.pk, "cash": "-5", "in_kind": "0"}
    )
    assert "greater than or equal to 0" in response.context["form"].errors["cash"][0]
    assert not Contribution.objects.exists()
    ok = client_for(officer).post(
        url, {"financial_year": YEAR, "organisation": org.pk, "cash": "8000", "in_kind": "500"}
    )
    assert ok.status_code == 302
    again = client_for(officer).post(
        url, {"financial_year": YEAR, "organisation": org.pk, "cash": "1", "in_kind": "0"}
    )
    assert "already recorded" in str(again.context["form"].errors)
    assert Contribution.objects.get().total == Decimal("8500")


def test_risk_assessment_review_must_follow_it(client_for, officer, world):
    url = reverse("partnerships:risk_assessment_add", args=[world["health"].pk])
    response = client_for(officer).post(
        url,
        {
            "assessed_on": TODAY.isoformat(),
            "rating": "high",
            "summary": "Pooled budget",
            "next_review_due": TODAY.isoformat(),
        },
    )
    assert "must be after the assessment" in response.context["form"].errors["next_review_due"][0]
    assert not RiskAssessment.objects.exists()


def test_a_rule_broken_at_save_time_is_a_form_error_not_a_500(client_for, officer, world):
    # The board name is unique within its partnership; the form does not hold the partnership,
    # so the service's check catches it and the page explains.
    url = reverse("partnerships:board_add", args=[world["health"].pk])
    response = client_for(officer).post(
        url,
        {
            "name": "Health and Wellbeing Board",
            "kind": "main",
            "quorum": 3,
            "meeting_frequency": "quarterly",
            "pack_lead_days": 5,
            "report_deadline_days": 5,
        },
    )
    assert response.status_code == 200
    assert "already has a board of that name" in response.content.decode()
    assert Board.objects.filter(partnership=world["health"]).count() == 1


# --- pages: boards, seats, structure, strategy, history ----------------------------------------


def test_board_shows_seats_and_vacancies(client_for, officer, world, partner_contact):
    from partnerships.models import BoardSeat

    board = world["board"]
    BoardSeat.objects.create(board=board, organisation=partner_contact.organisation, seats=2)
    response = client_for(officer).get(board.get_absolute_url())
    row = response.context["seats"][0]
    assert (row["seat"].seats, row["filled"], row["vacancies"]) == (2, 1, 1)


def test_structure_draws_the_tree(client_for, board_member, world):
    response = client_for(board_member).get(reverse("partnerships:structure"))
    tree = response.context["tree"]
    leaders = next(n for n in tree if n.p.name == "Leaders Board")
    assert [c.p.name for c in leaders.children] == ["Health and Wellbeing Board"]
    content = response.content.decode()
    assert "commissioned by Leaders Board" in content
    # The board member may open Health and Wellbeing, not the Leaders Board.
    assert f'href="{world["health"].get_absolute_url()}"' in content
    assert f'href="{world["leaders"].get_absolute_url()}"' not in content


def test_strategy_page_shows_actions_across_boards(client_for, board_member, officer, world):
    from partnerships.models import Action, Outcome, Strategy

    strategy = Strategy.objects.create(
        name="Ambition for All",
        period_start=datetime.date(2016, 4, 1),
        period_end=datetime.date(2020, 3, 31),
    )
    outcome = Outcome.objects.create(strategy=strategy, number=2, title="Healthy lives")
    Action.objects.create(board=world["board"], outcome=outcome, title="Health plan", rag="amber")
    other_board = world["other"].boards.first()
    Action.objects.create(board=other_board, outcome=outcome, title="Carlisle action", rag="red")
    response = client_for(board_member).get(strategy.get_absolute_url())
    content = response.content.decode()
    assert "Outcome 2: Healthy lives" in content
    assert "Health plan" in content and "Carlisle action" in content
    assert "rag rag-amber" in content and "rag rag-red" in content


def test_action_progress_keeps_its_history(client_for, officer, world):
    from partnerships.models import Action, Outcome, Strategy

    strategy = Strategy.objects.create(
        name="S", period_start=datetime.date(2016, 4, 1), period_end=datetime.date(2020, 3, 31)
    )
    outcome = Outcome.objects.create(strategy=strategy, number=1, title="O")
    client = client_for(officer)
    client.post(
        reverse("partnerships:action_add", args=[world["board"].pk]),
        {
            "title": "Health plan",
            "outcome": outcome.pk,
            "rag": "green",
            "progress": "Started",
        },
    )
    action = Action.objects.get()
    client.post(
        reverse("partnerships:action_edit", args=[action.pk]),
        {
            "title": "Health plan",
            "outcome": outcome.pk,
            "rag": "amber",
            "progress": "Delayed",
        },
    )
    history = client.get(reverse("partnerships:action_history", args=[action.pk]))
    content = history.content.decode()
    assert "Started" in content and "Delayed" in content and "Amber" in content


def test_partnership_history_shows_who_changed_what(client_for, officer, world):
    _edit(client_for(officer), world["health"], status="under_review")
    content = (
        client_for(officer)
        .get(reverse("partnerships:partnership_history", args=[world["health"].pk]))
        .content.decode()
    )
    assert "Under review" in content and officer.name in content


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_register_and_structure_query_counts(
    client_for, officer, rows, django_assert_max_num_queries
):
    parent = PartnershipFactory(name="Top")
    for _n in range(rows):
        p = PartnershipFactory(
            accountable_to=parent, lead_officer=officer, accountable_body=OrganisationFactory()
        )
        ContributionFactory(partnership=p)
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        assert client.get(REGISTER).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("partnerships:structure")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_detail_pages_query_counts(client_for, officer, rows, django_assert_max_num_queries):
    from partnerships.models import Action, Outcome, Strategy

    p = PartnershipFactory(lead_officer=officer)
    strategy = Strategy.objects.create(
        name="S", period_start=datetime.date(2016, 4, 1), period_end=datetime.date(2020, 3, 31)
    )
    outcome = Outcome.objects.create(strategy=strategy, number=1, title="O")
    board = BoardFactory(partnership=p)
    for n in range(rows):
        MembershipFactory(board=board, organisation=OrganisationFactory())
        ContributionFactory(partnership=p, financial_year=2000 + n)
        PartnershipFactory(accountable_to=p)
        Action.objects.create(board=board, outcome=outcome, title=f"Action {n}", owner=officer)
    for _ in range(rows // 5):
        BoardFactory(partnership=p)
        WorkProgrammeFactory(partnership=p)
        RiskLogFactory(partnership=p)
        AwardFactory(recipient_organisation=None, recipient_partnership=p)
    client = client_for(officer)
    for url in [p.get_absolute_url(), board.get_absolute_url(), strategy.get_absolute_url()]:
        with django_assert_max_num_queries(19):
            assert client.get(url).status_code == 200, url


def test_partnership_page_lists_its_work_programmes_risk_logs_and_grants(client_for, officer):
    p = PartnershipFactory(lead_officer=officer)
    WorkProgrammeFactory(partnership=p, title="Work Programme 2007/08")
    RiskLogFactory(partnership=p, name="Ambition for All refresh")
    AwardFactory(
        recipient_organisation=None,
        recipient_partnership=p,
        title="Town partnership grant",
        fund__name="Town Partnership grants",
    )
    content = client_for(officer).get(p.get_absolute_url()).content.decode()
    assert "Work Programme 2007/08" in content
    assert "Ambition for All refresh risk log" in content
    assert "Town partnership grant" in content and "£8,000" in content


def test_form_pages_query_counts(client_for, officer, world, django_assert_max_num_queries):
    client = client_for(officer)
    pk, board = world["health"].pk, world["board"].pk
    for url in [
        reverse("partnerships:partnership_edit", args=[pk]),
        reverse("partnerships:contribution_add", args=[pk]),
        reverse("partnerships:membership_add", args=[board]),
        reverse("partnerships:action_add", args=[board]),
    ]:
        # The partnership form reads the officers twice (lead, supporters) and who holds them.
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_an_edit_cannot_leave_a_partnership_without_a_lead_officer(client_for, officer, world):
    response = _edit(client_for(officer), world["health"], lead_officer="")
    assert "This field is required" in response.context["form"].errors["lead_officer"][0]
    world["health"].refresh_from_db()
    assert world["health"].lead_officer == officer


def test_membership_dates_decide_who_is_current(client_for, board_member, world):
    seat = Membership.objects.get(board=world["board"], user=board_member)
    url = world["health"].get_absolute_url()
    seat.end_date = TODAY + datetime.timedelta(days=10)  # leaving soon: still a member today
    seat.save()
    assert client_for(board_member).get(url).status_code == 200
    seat.start_date, seat.end_date = TODAY + datetime.timedelta(days=5), None  # not started yet
    seat.save()
    assert client_for(board_member).get(url).status_code == 404


def test_chairs_may_hand_over_on_a_date_but_not_overlap(world):
    from django.core.exceptions import ValidationError

    chair = world["board"].memberships.get(role="chair")
    chair.end_date = TODAY + datetime.timedelta(days=30)
    chair.save()
    successor = MembershipFactory.build(
        board=world["board"], role="chair", start_date=TODAY + datetime.timedelta(days=31)
    )
    successor.contact.save()
    successor.contact_id = successor.contact.pk
    successor.full_clean()  # the handover is allowed
    successor.start_date = TODAY + datetime.timedelta(days=20)
    with pytest.raises(ValidationError, match="already has a chair for those dates"):
        successor.full_clean()


def test_strategy_shows_each_action_only_to_those_who_may_open_it(client_for, board_member, world):
    from partnerships.models import Action, Outcome, Strategy

    strategy = Strategy.objects.create(
        name="S", period_start=datetime.date(2016, 4, 1), period_end=datetime.date(2020, 3, 31)
    )
    outcome = Outcome.objects.create(strategy=strategy, number=1, title="O")
    Action.objects.create(board=world["board"], outcome=outcome, title="Visible action")
    Action.objects.create(
        board=world["other"].boards.first(), outcome=outcome, title="Carlisle's own action"
    )
    content = client_for(board_member).get(strategy.get_absolute_url()).content.decode()
    assert "Visible action" in content and "Carlisle's own action" not in content


def test_only_officers_of_the_owning_partnership_edit_a_strategy(client_for, world):
    from partnerships.models import Strategy

    strategy = Strategy.objects.create(
        name="S",
        owner=world["health"],
        period_start=datetime.date(2016, 4, 1),
        period_end=datetime.date(2020, 3, 31),
    )
    edit = reverse("partnerships:strategy_edit", args=[strategy.pk])
    add_outcome = reverse("partnerships:outcome_add", args=[strategy.pk])
    assert client_for(world["supporter"]).get(edit).status_code == 200
    assert client_for(world["stranger"]).get(edit).status_code == 403
    assert client_for(world["stranger"]).get(add_outcome).status_code == 403


def test_contact_pages_do_not_redirect_off_site(client_for, officer):
    url = reverse("partnerships:contact_add") + "?next=https://evil.example/"
    response = client_for(officer).post(url, {"name": "A Contact"})
    assert response.status_code == 302 and response.url == REGISTER
    page = client_for(officer).get(
        reverse("partnerships:contact_add") + "?next=javascript:alert(1)"
    )
    assert "javascript:" not in page.content.decode()


@pytest.mark.parametrize(
    "who,expected",
    [("officer", 200), ("stranger", 403), ("board_member", 404), ("no_role_user", 404)],
)
def test_child_record_edit_pages_follow_the_partnership(request, client_for, world, who, expected):
    from partnerships.models import Action, BoardSeat, Outcome, Strategy

    user = world.get(who) or request.getfixturevalue(who)
    health, board = world["health"], world["board"]
    if who == "board_member":  # one who does not belong: take them off the board
        Membership.objects.filter(user=user).delete()
    contribution = ContributionFactory(partnership=health)
    assessment = RiskAssessment.objects.create(
        partnership=health,
        assessed_on=TODAY,
        next_review_due=TODAY + datetime.timedelta(1),
        rating="low",
        summary="S",
    )
    review = ValueForMoneyReview.objects.create(
        partnership=health,
        reviewed_on=TODAY,
        next_review_due=TODAY + datetime.timedelta(1),
        outcome="continue",
        findings="F",
    )
    seat = BoardSeat.objects.create(board=board, organisation=OrganisationFactory())
    strategy = Strategy.objects.create(
        name="S", period_start=datetime.date(2016, 4, 1), period_end=datetime.date(2020, 3, 31)
    )
    action = Action.objects.create(
        board=board,
        outcome=Outcome.objects.create(strategy=strategy, number=1, title="O"),
        title="A",
    )
    membership = board.memberships.first()
    client = client_for(user)
    for name, obj in [
        ("contribution_edit", contribution),
        ("risk_assessment_edit", assessment),
        ("review_edit", review),
        ("seat_edit", seat),
        ("membership_edit", membership),
        ("action_edit", action),
        ("board_edit", board),
    ]:
        url = reverse(f"partnerships:{name}", args=[obj.pk])
        assert client.get(url).status_code == expected, name
        if expected != 200:
            assert client.post(url, {}).status_code == expected, name
