import datetime

import pytest

from compact.models import ActionPlanItem, Commitment, SectionVersion
from partnerships.models import Organisation

from ..partnerships.factories import OrganisationFactory
from .factories import (
    AssessmentFactory,
    BreachFactory,
    CodeFactory,
    CommitmentFactory,
    CompactFactory,
    ConsultationFactory,
    EndorsementFactory,
    RatingFactory,
    RoundFactory,
    SectionFactory,
    VersionFactory,
)


@pytest.fixture
def world(partner_contact):
    """A Compact with a consultation code (12 weeks) and a funding code; the partner's VCFS
    organisation and a council assess it; a breach; a handbook section endorsed once with a
    draft after it."""
    compact = CompactFactory(name="West Cheshire Compact")
    funding = CodeFactory(compact=compact, number=1, title="Funding, Commissioning and Procurement")
    consultation = CodeFactory(compact=compact, number=2, title="Consultation and Policy Appraisal")
    shared = CommitmentFactory(code=funding, number=1, text="Embed the code.", whose="shared")
    vcfs = CommitmentFactory(code=funding, number=2, text="Account for public money.", whose="vcfs")
    twelve_weeks = CommitmentFactory(
        code=consultation,
        number=1,
        text="Consult for at least 12 weeks.",
        whose="public",
        check_kind=Commitment.Check.CONSULTATION_LENGTH,
        check_number=12,
    )
    council = OrganisationFactory(name="Cheshire West and Chester Council")
    tsa = partner_contact.organisation
    endorsement = EndorsementFactory(compact=compact, organisation=council)
    round = RoundFactory(compact=compact, title="Self-assessment 2009/10")
    own = AssessmentFactory(round=round, organisation=tsa)
    other = AssessmentFactory(round=round, organisation=council)
    RatingFactory(assessment=other, commitment=twelve_weeks, value="not_met", evidence="")
    RatingFactory(assessment=own, commitment=shared, value="met")
    short = ConsultationFactory(
        compact=compact,
        title="Alcohol Strategy for West Cheshire",
        organisation=council,
        start_date=datetime.date(2009, 9, 7),
        end_date=datetime.date(2009, 11, 2),
    )
    breach = BreachFactory(commitment=twelve_weeks, raised_by=tsa, against=council)
    action = ActionPlanItem.objects.create(round=round, item="Consult for longer.", owner="CWAC")
    section = SectionFactory(number=1, title="Information Sharing Protocol")
    endorsed = VersionFactory(
        section=section,
        number=1,
        status=SectionVersion.Status.ENDORSED,
        endorsed_on=datetime.date(2009, 7, 30),
        content="<p>Partners share information lawfully.</p>",
    )
    draft = VersionFactory(
        section=section,
        number=2,
        content="<p>Partners share information lawfully and securely.</p>",
    )
    return {
        "compact": compact,
        "funding": funding,
        "shared": shared,
        "vcfs": vcfs,
        "twelve_weeks": twelve_weeks,
        "council": council,
        "endorsement": endorsement,
        "tsa": tsa,
        "round": round,
        "own": own,
        "other": other,
        "consultation": short,
        "breach": breach,
        "action": action,
        "section": section,
        "endorsed": endorsed,
        "draft": draft,
        "sectors": Organisation.Sector,
    }
