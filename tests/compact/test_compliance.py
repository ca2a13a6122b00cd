"""Findings from records, self-assessments and their scorecard, action plans and breaches."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from compact.checks import findings_for
from compact.models import ActionPlanItem, Assessment, Rating
from compact.scorecard import scorecard
from portal.models import Job

from ..conftest import wait_for_job
from ..partnerships.factories import OrganisationFactory
from .factories import BreachFactory, CommitmentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


# --- findings from the consultation register --------------------------------------------------


def test_a_consultation_shorter_than_the_commitment_without_a_reason_is_a_finding(
    client_for, officer, world
):
    compact = world["compact"]
    ConsultationFactory(  # exactly 12 weeks: meets it
        compact=compact,
        title="Compact consultation",
        start_date=datetime.date(2008, 9, 1),
        end_date=datetime.date(2008, 11, 24),
    )
    ConsultationFactory(  # 6 weeks with a reason: not a finding
        compact=compact,
        title="Urgent budget consultation",
        start_date=datetime.date(2009, 1, 5),
        end_date=datetime.date(2009, 2, 16),
        shorter_reason="The budget had to be set by law before March.",
    )
    page = client_for(officer).get(reverse("compact:findings", args=[compact.pk]))
    text = page.content.decode()
    assert "1 finding" in text
    assert "Alcohol Strategy for West Cheshire" in text
    assert "Ran 8 weeks (7 Sep 2009 to 2 Nov 2009), less than 12 weeks" in text
    assert world["consultation"].get_absolute_url() in text  # the finding links to its record
    assert "Compact consultation" not in text and "Urgent budget" not in text


def test_recording_a_reason_clears_the_finding(client_for, officer, world):
    consultation = world["consultation"]
    url = reverse("compact:consultation_edit", args=[consultation.pk])
    data = {
        "title": consultation.title,
        "organisation": world["council"].pk,
        "owner": "Priya Shah",
        "start_date": "2009-09-07",
        "end_date": "2009-11-02",
        "shorter_reason": "The strategy had to be in place for the licensing review.",
    }
    response = client_for(officer).post(url, data)
    assert response.status_code == 302
    assert findings_for(world["compact"]) == []


def test_consultation_page_states_the_finding_until_a_reason_is_recorded(
    client_for, board_member, world
):
    consultation = world["consultation"]
    client = client_for(board_member)
    finding = "this consultation ran for less than 12 weeks with no reason recorded"
    assert finding in client.get(consultation.get_absolute_url()).content.decode()
    consultation.shorter_reason = "The strategy had to be in place for the licensing review."
    consultation.save()
    assert finding not in client.get(consultation.get_absolute_url()).content.decode()


def test_consultation_dates_the_wrong_way_round_are_a_form_error(client_for, officer, world):
    url = reverse("compact:consultation_add", args=[world["compact"].pk])
    response = client_for(officer).post(
        url,
        {"title": "Backwards", "owner": "P", "start_date": "2010-01-10", "end_date": "2010-01-01"},
    )
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()


def test_consultation_list_marks_the_short_one(client_for, board_member, world):
    page = client_for(board_member).get(reverse("compact:consultation_list")).content.decode()
    assert "Finding</span> shorter than 12 weeks, no reason" in page


# --- self-assessments --------------------------------------------------------------------------


def test_partner_sees_only_the_commitments_of_its_sector(client_for, partner_contact, world):
    page = client_for(partner_contact).get(world["own"].get_absolute_url()).content.decode()
    assert "Embed the code." in page  # shared
    assert "Account for public money." in page  # VCFS
    assert "Consult for at least 12 weeks." not in page  # public sector


def test_partner_answers_for_its_own_organisation(client_for, partner_contact, world):
    own, shared, vcfs = world["own"], world["shared"], world["vcfs"]
    client = client_for(partner_contact)
    response = client.post(
        own.get_absolute_url(),
        {
            f"value_{shared.pk}": "partly",
            f"evidence_{shared.pk}": "Adopted by the board, not yet in every procedure.",
            f"value_{vcfs.pk}": "met",
            f"evidence_{vcfs.pk}": "Quarterly returns on time.",
            "submit": "",
        },
    )
    assert response.status_code == 302
    page = client.get(own.get_absolute_url()).content.decode()
    assert "The self-assessment was submitted." in page
    ratings = {r.commitment_id: r.value for r in own.ratings.all()}
    assert ratings == {shared.pk: "partly", vcfs.pk: "met"}
    own.refresh_from_db()
    assert own.submitted_by == partner_contact


def test_partner_cannot_see_or_answer_another_organisations_assessment(
    client_for, partner_contact, world
):
    other = world["other"]
    client = client_for(partner_contact)
    assert client.get(other.get_absolute_url()).status_code == 404
    response = client.post(
        other.get_absolute_url(), {f"value_{world['twelve_weeks'].pk}": "met", "evidence": "x"}
    )
    assert response.status_code == 404
    assert other.ratings.get().value == "not_met"


def test_a_board_member_on_none_of_the_compacts_boards_reads_no_assessment(
    client_for, board_member, world
):
    # An organisation's self-assessment is its own and the officers'; once submitted, the
    # members of the boards of the Compact's partnership read it (tests/portal/test_access_*).
    client = client_for(board_member)
    assert client.get(world["other"].get_absolute_url()).status_code == 404
    response = client.post(
        world["other"].get_absolute_url(), {f"value_{world['twelve_weeks'].pk}": "met"}
    )
    assert response.status_code == 404


def test_a_rating_of_met_needs_evidence_and_submitting_needs_every_rating(
    client_for, partner_contact, world
):
    own, shared = world["own"], world["shared"]
    client = client_for(partner_contact)
    response = client.post(
        own.get_absolute_url(), {f"value_{shared.pk}": "met", f"evidence_{shared.pk}": ""}
    )
    assert response.status_code == 200
    assert "1.1: give the evidence for a rating of “met”." in response.content.decode()
    response = client.post(
        own.get_absolute_url(),
        {f"value_{shared.pk}": "met", f"evidence_{shared.pk}": "Policy", "submit": ""},
    )
    assert "Rate every commitment before submitting; still to rate: 1.2." in (
        response.content.decode()
    )
    own.refresh_from_db()
    assert own.submitted_at is None


def test_a_rating_once_given_is_changed_not_unrated(client_for, partner_contact, world):
    own, shared, vcfs = world["own"], world["shared"], world["vcfs"]  # 1.1 is rated "met"
    client = client_for(partner_contact)
    page = client.get(own.get_absolute_url()).content.decode()
    rated = page.split(f'name="value_{shared.pk}"')[1].split("</select>")[0]
    unrated = page.split(f'name="value_{vcfs.pk}"')[1].split("</select>")[0]
    assert "Not yet rated" not in rated and "Not yet rated" in unrated
    response = client.post(
        own.get_absolute_url(), {f"value_{shared.pk}": "", f"value_{vcfs.pk}": ""}
    )
    assert response.status_code == 200
    assert "Your answers were saved." not in response.content.decode()
    assert own.ratings.get(commitment=shared).value == "met"


def test_a_closed_round_keeps_its_answers(client_for, partner_contact, world):
    round = world["round"]
    round.status = "closed"
    round.save()
    client = client_for(partner_contact)
    page = client.get(world["own"].get_absolute_url()).content.decode()
    assert "<select" not in page
    response = client.post(
        world["own"].get_absolute_url(),
        {f"value_{world['vcfs'].pk}": "not_met"},
        follow=True,
    )
    assert "This round is closed" in response.content.decode()
    assert not world["own"].ratings.filter(commitment=world["vcfs"]).exists()


def test_opening_a_round_creates_an_assessment_per_organisation(client_for, officer, world):
    police = OrganisationFactory(name="Cheshire Constabulary", kind="police")
    business = OrganisationFactory(name="Chamber of Commerce", sector="private", kind="business")
    url = reverse("compact:round_add", args=[world["compact"].pk])
    client = client_for(officer)
    data = {
        "title": "Self-assessment 2010/11",
        "period_start": "2010-04-01",
        "period_end": "2011-03-31",
        "status": "open",
        "participants": [police.pk, world["tsa"].pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    names = set(
        Assessment.objects.filter(round__title="Self-assessment 2010/11").values_list(
            "organisation__name", flat=True
        )
    )
    assert names == {"Cheshire Constabulary", "Third Sector Assembly"}
    # A private-sector body is not party to the Compact and is not offered.
    assert "Chamber of Commerce" not in client.get(url).content.decode()
    assert business.pk  # exists, but not offered


def test_scorecard_by_code_and_by_sector_with_findings(world):
    RatingFactory = Rating.objects.create
    RatingFactory(assessment=world["own"], commitment=world["vcfs"], value="not_met")
    card = scorecard(world["round"])
    funding, consultation = card.by_code
    assert funding.cells == [1, 0, 1, 0] and funding.percent_met == 50 and funding.findings == 0
    assert consultation.cells == [0, 0, 1, 0] and consultation.percent_met == 0
    assert consultation.findings == 1  # the 8-week consultation
    public, vcfs = card.by_sector[:2]
    assert public.cells == [0, 0, 1, 0] and public.findings == 1
    assert vcfs.cells == [1, 0, 1, 0] and vcfs.percent_met == 50
    assert card.total.percent_met == 33


def test_round_page_shows_the_scorecard_and_the_finding(client_for, board_member, world):
    page = client_for(board_member).get(world["round"].get_absolute_url()).content.decode()
    assert "Ratings by code" in page and "Ratings by sector" in page
    assert "Alcohol Strategy for West Cheshire" in page


def test_action_plan_items_come_from_the_gaps_once(client_for, officer, world):
    client = client_for(officer)
    url = reverse("compact:round_gaps", args=[world["round"].pk])
    response = client.post(url, {"due_date": "2010-03-31"}, follow=True)
    assert "1 action was added to the action plan." in response.content.decode()
    item = ActionPlanItem.objects.get(rating__isnull=False)
    assert item.owner == "Cheshire West and Chester Council"
    assert item.commitment == world["twelve_weeks"] and item.due_date == datetime.date(2010, 3, 31)
    response = client.post(url, {}, follow=True)
    assert "Every gap already has an action." in response.content.decode()
    assert ActionPlanItem.objects.filter(rating__isnull=False).count() == 1
    page = client.get(world["round"].get_absolute_url()).content.decode()
    assert "Meet commitment 2.1 (not met)" in page


# --- breaches ---------------------------------------------------------------------------------


def test_breach_log_filters(client_for, board_member, world):
    police = OrganisationFactory(name="Cheshire Constabulary", kind="police")
    BreachFactory(
        commitment=world["shared"],
        raised_by=police,
        against=world["council"],
        stage="mediation",
        raised_on=datetime.date(2010, 5, 1),
    )
    client = client_for(board_member)
    url = reverse("compact:breach_list")

    def rows(query):
        return [b.raised_by.name for b in client.get(url, query).context["breaches"]]

    assert sorted(rows({})) == ["Cheshire Constabulary", "Third Sector Assembly"]
    assert rows({"stage": "mediation"}) == ["Cheshire Constabulary"]
    assert rows({"code": world["funding"].pk}) == ["Cheshire Constabulary"]
    assert rows({"organisation": world["tsa"].pk}) == ["Third Sector Assembly"]
    assert rows({"raised_after": "2010-01-01"}) == ["Cheshire Constabulary"]
    assert rows({"raised_before": "2009-12-31"}) == ["Third Sector Assembly"]
    assert sorted(rows({"open": "open"})) == ["Cheshire Constabulary", "Third Sector Assembly"]
    assert rows({"open": "resolved"}) == []
    # Nonsense in the query string is tolerated, never a 500.
    assert client.get(url, {"raised_after": "not-a-date", "stage": "bogus"}).status_code == 200


def test_breach_needs_an_outcome_when_resolved(client_for, officer, world):
    url = reverse("compact:breach_edit", args=[world["breach"].pk])
    data = {
        "commitment": world["twelve_weeks"].pk,
        "raised_by": world["tsa"].pk,
        "against": world["council"].pk,
        "raised_on": "2009-10-12",
        "what_happened": "Eight weeks.",
        "stage": "informal",
        "closed_on": "2009-11-01",
    }
    response = client_for(officer).post(url, data)
    assert "Record the outcome when the breach is resolved." in response.content.decode()
    data["outcome"] = "The council agreed to re-open the consultation for four weeks."
    assert client_for(officer).post(url, data).status_code == 302
    page = client_for(officer).get(reverse("compact:breach_list"), {"open": "resolved"})
    assert "Resolved 1 Nov 2009" in page.content.decode()


def test_a_breach_is_between_two_organisations(client_for, officer, world):
    url = reverse("compact:breach_add", args=[world["compact"].pk])
    data = {
        "commitment": world["shared"].pk,
        "raised_by": world["tsa"].pk,
        "against": world["tsa"].pk,
        "raised_on": "2010-01-01",
        "what_happened": "x",
        "stage": "informal",
    }
    response = client_for(officer).post(url, data)
    assert "A breach is raised by one organisation against another." in response.content.decode()


def test_breaches_export_as_csv(
    client_for, board_member, world, django_capture_on_commit_callbacks
):
    client = client_for(board_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compact:breach_export"), {"stage": "informal"})
    job = wait_for_job(Job.objects.get())
    assert response.url == job.get_absolute_url()
    assert job.message == "1 breach exported."
    rows = list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Compact", "Code", "Commitment", "Raised by"]
    assert rows[1][3:5] == ["Third Sector Assembly", "Cheshire West and Chester Council"]


def test_partners_cannot_export_breaches(client_for, partner_contact, world):
    assert client_for(partner_contact).post(reverse("compact:breach_export")).status_code == 403


def test_a_commitment_check_needs_its_number(world):
    from django.core.exceptions import ValidationError

    commitment = CommitmentFactory.build(
        code=world["funding"], number=9, text="x", check_kind="payment_days", check_number=None
    )
    with pytest.raises(ValidationError) as caught:
        commitment.full_clean()
    assert "Give the number this check uses." in str(caught.value)


def test_partners_yet_to_endorse_are_the_compacts_partnership_members(client_for, officer, world):
    from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory

    compact = world["compact"]
    url = compact.get_absolute_url()
    page = client_for(officer).get(url).content.decode()
    # Without a partnership: every active public and VCFS organisation not yet endorsing.
    assert "Partners yet to endorse version 2009 (1)" in page  # the Third Sector Assembly
    wct = PartnershipFactory(name="West Cheshire Together", kind="strategic")
    board = BoardFactory(partnership=wct)
    fire = OrganisationFactory(name="Cheshire Fire and Rescue Service", kind="fire_rescue")
    MembershipFactory(board=board, organisation=fire)
    MembershipFactory(board=board, organisation=world["council"])
    compact.partnership = wct
    compact.save()
    page = client_for(officer).get(url).content.decode()
    assert "Partners yet to endorse version 2009 (1)" in page
    assert "<li>Cheshire Fire and Rescue Service" in page
    # Endorsing an earlier version does not count for this one.
    from .factories import EndorsementFactory

    EndorsementFactory(compact=compact, organisation=fire, version="2008")
    assert [o.name for o in compact.yet_to_endorse()] == ["Cheshire Fire and Rescue Service"]


def test_a_private_sector_board_member_is_not_asked_to_endorse(client_for, officer, world):
    from partnerships.models import Organisation

    from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory

    compact = world["compact"]
    wct = PartnershipFactory(name="West Cheshire Together", kind="strategic")
    board = BoardFactory(partnership=wct)
    business = OrganisationFactory(
        name="Chester Chamber of Commerce", sector=Organisation.Sector.PRIVATE
    )
    MembershipFactory(board=board, organisation=business)
    MembershipFactory(board=board, organisation=world["tsa"])
    compact.partnership = wct
    compact.save()
    page = client_for(officer).get(compact.get_absolute_url()).content.decode()
    assert "Partners yet to endorse version 2009 (1)" in page  # the Third Sector Assembly
    assert "Chester Chamber of Commerce" not in page
    assert (
        "The public-sector and voluntary, community and faith sector organisations on the boards "
        "of West Cheshire Together" in page
    )


def test_a_rating_outside_the_list_is_a_form_error(client_for, partner_contact, world):
    own, shared = world["own"], world["shared"]
    response = client_for(partner_contact).post(
        own.get_absolute_url(), {f"value_{shared.pk}": "brilliant"}
    )
    assert response.status_code == 200
    assert "Rating for 1.1: Select a valid choice." in response.content.decode()


def test_a_long_list_of_partners_yet_to_endorse_is_counted(client_for, officer, world):
    from compact.views.compact import YET_TO_ENDORSE_SHOWN

    for n in range(YET_TO_ENDORSE_SHOWN + 4):
        OrganisationFactory(name=f"Parish council {n:03d}", kind="town_parish_council")
    page = client_for(officer).get(world["compact"].get_absolute_url()).content.decode()
    total = YET_TO_ENDORSE_SHOWN + 5  # and the Third Sector Assembly
    assert f"Partners yet to endorse version 2009 ({total})" in page
    assert f"{total} partners in all; the first {YET_TO_ENDORSE_SHOWN} are named." in page
