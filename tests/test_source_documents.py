"""The demo is true to its five source documents (../shared/seeds/): one class a document."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from partnerships import demo as D

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def _meeting(board_name, day):
    from partnerships.models import Meeting

    return Meeting.objects.get(board__partnership__name=board_name, start__date=day)


def _ready_pack(meeting):
    from django.core.files.storage import default_storage

    pack = meeting.packs.get(restricted=False)
    assert pack.state == "ready" and pack.file and default_storage.exists(pack.file.name)
    assert pack.published_at and pack.published_at < meeting.start
    return pack


class TestDocument000:
    def test_cabinet_2008_and_investment_without_uplift(self, seeded):
        from grants.models import Fund

        meeting = _meeting(D.CABINET, datetime.date(2008, 9, 8))
        report = meeting.items.get().report
        assert report.title == (
            "Working with the Third Sector – A Partnership Framework for Cheshire East Council"
        )
        assert report.report_of == "The People Block Lead Officer"
        assert "without inflation uplift" in report.recommendations
        _ready_pack(meeting)
        old = Fund.objects.get(name="Third sector investment", financial_year=2008)
        new = Fund.objects.get(name="Third sector investment", financial_year=2009)
        assert new.budget == old.budget  # held without inflation uplift
        assert "illustrative" in old.description  # the document gives no sum
        assert all("illustrative" in a.purpose for a in old.awards.all())


class TestDocument001:
    def test_cabinet_2016_report_and_pack(self, seeded):
        meeting = _meeting(D.CABINET, datetime.date(2016, 7, 12))
        assert meeting.status == "held"
        report = meeting.items.get().report
        assert report.title == "Ambition for All - Partnerships Structure and Strategy 2016-2020"
        assert report.report_of == "Steph Cordon – Head of Communities"
        assert report.recommendation_list == [
            "To agree to the refresh of Ambition for All – Partnership Strategy and its "
            "proposed consultation plan.",
            "To agree to the implementation of a revised partnership structure for Cheshire East.",
            "To agree to the outlined approach to the funding of town partnerships for 2016/17.",
        ]
        assert pack_year(_ready_pack(meeting)) == 2016

    def test_structure_strategy_and_money(self, seeded):
        from django.db.models import Sum

        from grants.models import Fund
        from partnerships.models import Contribution, Partnership, Strategy

        leaders = Partnership.objects.get(name=D.LEADERS)
        hwb = Partnership.objects.get(name=D.HWB)
        assert hwb.accountable_to == leaders and hwb.commissioned_by == leaders
        for area in Partnership.objects.filter(kind="area_board"):
            assert area.accountable_to == leaders and area.commissioned_by != hwb
        strategy = Strategy.objects.get(name=D.AMBITION_FOR_ALL)
        assert (strategy.period_start, strategy.period_end) == (
            datetime.date(2017, 4, 1),
            datetime.date(2020, 3, 31),
        )
        towns = Contribution.objects.filter(partnership__kind="town", financial_year=2016)
        assert towns.aggregate(t=Sum("cash"))["t"] == Decimal("72000")
        pb = Contribution.objects.filter(partnership__kind="area_board", financial_year=2016)
        assert pb.aggregate(t=Sum("cash"))["t"] == Decimal("400000")
        assert all("illustrative split" in c.note for c in pb)
        years = set(
            Fund.objects.filter(name="Town Partnership commissioning for outcomes").values_list(
                "financial_year", flat=True
            )
        )
        assert years == {2017, 2018, 2019}
        # Invented figures say so.
        for c in Contribution.objects.exclude(financial_year=2016):
            assert "illustrative" in c.note, c


def pack_year(pack):
    return pack.published_at.year


class TestDocument002:
    def test_wct_meeting_item_8_with_its_cover_sheet_and_pack(self, seeded):
        from partnerships.models import Meeting

        meeting = _meeting(D.WCT, datetime.date(2009, 7, 30))
        assert meeting.status == "held"
        item = meeting.items.get(number=8)
        report = item.report
        assert report.title == D.PROTOCOLS_REPORT["title"]
        assert report.publication_date == datetime.date(2009, 7, 30)
        assert report.author == "Alison Armstrong"
        assert report.circulation == "West Cheshire Together"
        assert report.purpose.endswith(
            "ensuring good partnership practice, where appropriate, throughout."
        )
        assert len(report.recommendation_list) == 3
        assert report.recommendation_list[1].endswith("Agreement and Protocols when agreed; and")
        assert pack_year(_ready_pack(meeting)) == 2009
        # Not on the 2026 Health and Wellbeing Board's agenda.
        assert not Meeting.objects.filter(
            board__partnership__name=D.HWB, items__title=D.PROTOCOLS_REPORT["title"]
        ).exists()

    def test_the_compact_awaits_formal_endorsement(self, seeded):
        from compact.models import Code, Compact, SectionVersion

        compact = Compact.objects.get(name="West Cheshire Compact")
        assert compact.status == "draft" and compact.adopted_date is None
        assert list(Code.objects.filter(compact=compact).values_list("title", flat=True)) == [
            "Funding, Commissioning and Procurement",
            "Consultation and Policy Appraisal",
            "Volunteering",
            "Community Groups",
            "Black and Minority Ethnic Voluntary and Community Sector Groups",
        ]
        assert not SectionVersion.objects.filter(section__title="Compact", status="endorsed")
        assert all(e.endorsed_on > datetime.date(2009, 7, 30) for e in compact.endorsements.all())


class TestDocument003:
    def test_programme_and_resources_of_the_time(self, seeded):
        from partnerships.models import Contribution
        from workprogramme.models import WorkProgramme

        programme = WorkProgramme.objects.get(title="Work Programme 2007/08")
        assert programme.tasks.count() == 18
        assert programme.partnership.name == D.CCP
        for c in Contribution.objects.filter(partnership__name=D.CCP):
            # Cheshire East and Cheshire West and Chester were created on 1 April 2009.
            assert c.organisation.name == D.CCC and c.financial_year == 2007
            assert "illustrative" in c.note


class TestDocument004:
    def test_carlisle_threshold_and_criteria(self, seeded, settings):
        from partnerships.models import Partnership

        assert settings.PARTNERSHIP_RISK_THRESHOLD == 30000
        assert "(illustrative" in D.CE_CRITERIA
        carlisle = Partnership.objects.get(name="Carlisle Partnership")
        assert carlisle.accountable_body.name == "Carlisle City Council"
        assert "£30,000" in carlisle.purpose and "illustrative" in carlisle.purpose
