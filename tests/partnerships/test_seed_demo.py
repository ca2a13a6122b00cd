import pytest
from django.core.management import CommandError, call_command

from partnerships import demo
from partnerships.models import Organisation, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("name", "sector", "kind", "active")),
        sorted(User.objects.values_list("username", "password", "name")),
        Organisation.history.count(),
        User.history.count(),
    )


def test_seed_demo_loads_the_partners_and_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    names = set(Organisation.objects.values_list("name", flat=True))
    for name in [
        "Cheshire East Council",
        "Cheshire West and Chester Council",
        "Cheshire Constabulary",
        "Cheshire Police Authority",
        "Cheshire Fire and Rescue Service",
        "NHS Western Cheshire",
        "Third Sector Assembly",
        "Carlisle City Council",
    ]:
        assert name in names
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out
    for username in ["admin", "officer", "member", "partner"]:
        user = User.objects.get(username=username)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert username in out
    assert User.objects.get(username="officer").has_perm("partnerships.add_organisation")
    assert not User.objects.get(username="member").has_perm("partnerships.add_organisation")


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_seed_demo_refuses_demo_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not Organisation.objects.exists() and not User.objects.exists()
    call_command("seed_demo", "--no-users")
    assert Organisation.objects.exists() and not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="officer").exists()


def test_seed_demo_builds_the_documents_structures(settings):
    from decimal import Decimal

    from django.db.models import Sum

    from partnerships.models import (
        Board,
        Contribution,
        Membership,
        Partnership,
        Strategy,
    )

    settings.DEBUG = True
    call_command("seed_demo")
    leaders = Partnership.objects.get(name="Cheshire East Leaders Board")
    hwb = Partnership.objects.get(name="Health and Wellbeing Board")
    assert hwb.accountable_to == leaders and hwb.commissioned_by == leaders
    towns = Partnership.objects.filter(kind="town")
    assert towns.count() == 9
    assert {t.accountable_to.kind for t in towns} == {"area_board"}
    # Town Partnerships 2016/17: £8,000 each, £72,000 in all (document 001).
    grants = Contribution.objects.filter(partnership__kind="town", financial_year=2016)
    assert set(grants.values_list("cash", flat=True)) == {Decimal("8000.00")}
    assert grants.aggregate(total=Sum("cash"))["total"] == Decimal("72000.00")
    # The Area Boards' participatory budget: £400,000 (document 001).
    pb = Contribution.objects.filter(partnership__kind="area_board", financial_year=2016)
    assert pb.aggregate(total=Sum("cash"))["total"] == Decimal("400000.00")
    ccp = Partnership.objects.get(name="Communities of Cheshire Partnership")
    assert ccp.accountable_partnerships.filter(kind="strategic").count() == 6
    sub = Board.objects.get(partnership__name="Improvement Sub-Group")
    assert sorted(m.person_name for m in sub.memberships.all()) == sorted(demo.IMPROVEMENT_CHAIRS)
    assert Partnership.objects.filter(name="LAA Officer Group", accountable_to=ccp).exists()
    wct = Board.objects.get(name="West Cheshire Together")
    assert {s.organisation.name for s in wct.seats.all()} == set(demo.WCT_PARTNERS)
    strategy = Strategy.objects.get(name="Ambition for All")
    assert strategy.outcomes.count() == 3 and strategy.owner == leaders
    # The flags show where the rules say.
    flagged = Partnership.objects.with_flags()
    needs = set(flagged.filter(needs_risk_assessment=True).values_list("name", flat=True))
    assert "Health and Wellbeing Board" in needs and "Northern Area Board" not in needs
    assert "Cheshire East Leaders Board" not in needs and "Carlisle Partnership" not in needs
    overdue = set(flagged.filter(review_overdue=True).values_list("name", flat=True))
    assert "Communities of Cheshire Partnership" in overdue
    assert "Cheshire East Leaders Board" not in overdue
    # The demo logins have something to see.
    member = User.objects.get(username="member")
    assert Membership.objects.filter(user=member, role="chair").exists()
    partner = User.objects.get(username="partner")
    assert partner.has_perm(
        "partnerships.view_partnership", Partnership.objects.get(name="West Cheshire Together")
    )


def test_everything_seeded_passes_the_models_own_rules(settings):
    from partnerships import models

    settings.DEBUG = True
    call_command("seed_demo")
    for model in [
        models.Partnership,
        models.Board,
        models.Membership,
        models.Contribution,
        models.RiskAssessment,
        models.ValueForMoneyReview,
        models.Strategy,
        models.Outcome,
        models.Action,
        models.BoardSeat,
    ]:
        for obj in model.objects.all():
            obj.full_clean()


def test_seed_demo_without_users_still_loads_the_structures(settings):
    from partnerships.models import Partnership

    settings.DEBUG = False
    call_command("seed_demo", "--no-users")
    assert Partnership.objects.filter(kind="town").count() == 9
