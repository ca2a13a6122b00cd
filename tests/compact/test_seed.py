"""The demo: the West Cheshire Compact from document 002, loaded after grants."""

import datetime

import pytest
from django.core.management import call_command

from compact import seed
from compact.checks import findings_for
from compact.models import Code, Compact, Endorsement, SectionVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--no-users", verbosity=0)
    return Compact.objects.get(name="West Cheshire Compact")


def test_the_west_cheshire_compact_with_its_five_codes(demo):
    assert list(Code.objects.filter(compact=demo).values_list("title", flat=True)) == [
        "Funding, Commissioning and Procurement",
        "Consultation and Policy Appraisal",
        "Volunteering",
        "Community Groups",
        "Black and Minority Ethnic Voluntary and Community Sector Groups",
    ]
    assert demo.partnership.name == "West Cheshire Together"
    endorsed = set(Endorsement.objects.values_list("organisation__name", flat=True))
    assert "Third Sector Assembly" in endorsed
    assert {o.name for o in demo.yet_to_endorse()} == {
        "Cheshire Fire and Rescue Service",
        "NHS Western Cheshire",
    }


def test_findings_show_the_short_consultation_and_the_short_funding_notice(demo):
    records = [f.record for f in findings_for(demo)]
    assert "Consultation: Alcohol Strategy for West Cheshire" in records
    assert any(r.startswith("Grant reduced: ") for r in records)


def test_handbook_sections_and_their_stages(demo):
    # As document 002 has them in July 2009: the equality statement and the protocol out for
    # comment, the engagement strategy and commissioning framework still being drafted, the
    # Compact awaiting formal endorsement, to join the handbook "when agreed".
    stages = set(SectionVersion.objects.values_list("section__title", "number", "status"))
    assert stages == {
        ("Equality and Diversity statement", 1, "consultation"),
        ("Information Sharing Protocol", 1, "consultation"),
        ("Community Engagement and Empowerment Strategy", 1, "draft"),
        ("Partnership Commissioning Framework", 1, "draft"),
        ("Compact", 1, "draft"),
        ("Compact", 2, "draft"),
    }
    assert not SectionVersion.objects.filter(status="endorsed").exists()
    assert demo.status == "draft" and demo.adopted_date is None
    # Endorsements are after 30 July 2009, marked illustrative, and not minuted at item 8.
    for endorsement in Endorsement.objects.all():
        assert endorsement.endorsed_on > datetime.date(2009, 7, 30)
        assert "(illustrative)" in endorsement.endorsed_by
        assert "agenda item 8" not in endorsement.minute_reference
    assert demo.rounds.get().assessments.filter(ratings__isnull=False).distinct().count() == 2
    # The 2009 breach was resolved that winter: nothing years old shows as open.
    breach = demo.breaches.get()
    assert breach.closed_on == datetime.date(2009, 12, 14) and "Resolved informally" in (
        breach.outcome
    )


def test_loading_again_adds_nothing(demo):
    assert seed.load() == 0
