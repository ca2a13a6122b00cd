"""Officers keep the Compact through its forms; bad input comes back as field errors."""

import pytest
from django.urls import reverse

from compact.models import Code, Commitment, Compact, Endorsement

from ..partnerships.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_adding_a_compact_its_code_and_a_checked_commitment(client_for, officer):
    client = client_for(officer)
    response = client.post(
        reverse("compact:compact_add"),
        {
            "name": "Cheshire East Compact",
            "area": "Cheshire East",
            "status": "adopted",
            "version": "1.0",
        },
    )
    assert "Give the date the Compact was adopted." in response.content.decode()
    response = client.post(
        reverse("compact:compact_add"),
        {
            "name": "Cheshire East Compact",
            "area": "Cheshire East",
            "status": "draft",
            "version": "1.0",
        },
    )
    compact = Compact.objects.get(name="Cheshire East Compact")
    assert response.url == compact.get_absolute_url()
    client.post(
        reverse("compact:code_add", args=[compact.pk]),
        {"number": 2, "title": "Consultation and Policy Appraisal"},
    )
    code = Code.objects.get(compact=compact)
    url = reverse("compact:commitment_add", args=[code.pk])
    assert 'value="1"' in client.get(url).content.decode()  # numbered next
    response = client.post(
        url,
        {
            "number": 1,
            "text": "Consult for 12 weeks.",
            "whose": "public",
            "check_kind": "consultation_length",
        },
    )
    assert "Give the number this check uses." in response.content.decode()
    client.post(
        url,
        {
            "number": 1,
            "text": "Consult for 12 weeks.",
            "whose": "public",
            "check_kind": "consultation_length",
            "check_number": 12,
        },
    )
    commitment = Commitment.objects.get(code=code)
    page = client.get(compact.get_absolute_url()).content.decode()
    assert "Consultations last at least 12 weeks unless a reason is recorded" in page
    assert commitment.history.count() == 1
    assert commitment.history.first().history_user == officer


def test_an_organisation_endorses_a_version_once(client_for, officer, world):
    url = reverse("compact:endorsement_add", args=[world["compact"].pk])
    client = client_for(officer)
    form = client.get(url, {"organisation": world["tsa"].pk}).content.decode()
    assert 'value="2009"' in form  # the Compact's current version
    data = {
        "organisation": world["council"].pk,
        "version": "2009",
        "endorsed_on": "2009-07-30",
        "endorsed_by": "Cabinet",
    }
    response = client.post(url, data)
    assert "This organisation has already endorsed this version." in response.content.decode()
    response = client.post(
        url, {**data, "endorsed_on": "2199-01-01", "organisation": world["tsa"].pk}
    )
    assert "The endorsement date cannot be in the future." in response.content.decode()
    response = client.post(url, {**data, "organisation": world["tsa"].pk})
    assert response.status_code == 302
    assert Endorsement.objects.filter(organisation=world["tsa"]).exists()
    page = client.get(world["compact"].get_absolute_url()).content.decode()
    assert "Every partner has endorsed this version." in page


def test_breach_history_shows_who_changed_what(client_for, officer, world):
    client = client_for(officer)
    breach = world["breach"]
    client.post(
        reverse("compact:breach_edit", args=[breach.pk]),
        {
            "commitment": breach.commitment_id,
            "raised_by": breach.raised_by_id,
            "against": breach.against_id,
            "raised_on": "2009-10-12",
            "what_happened": breach.what_happened,
            "stage": "mediation",
        },
    )
    page = client.get(reverse("compact:breach_history", args=[breach.pk])).content.decode()
    assert "Mediation" in page and officer.name in page


def test_round_participants_change_but_answers_are_kept(client_for, officer, world):
    from compact.models import Assessment

    police = OrganisationFactory(name="Cheshire Constabulary", kind="police")
    round = world["round"]
    response = client_for(officer).post(
        reverse("compact:round_edit", args=[round.pk]),
        {
            "title": round.title,
            "period_start": "2009-08-01",
            "period_end": "2010-03-31",
            "status": "closed",
            "participants": [police.pk, world["tsa"].pk],
        },
    )
    assert response.status_code == 302
    names = set(Assessment.objects.filter(round=round).values_list("organisation__name", flat=True))
    # The council has answered, so it stays; the police join.
    assert names == {"Cheshire Constabulary", "Third Sector Assembly", world["council"].name}
    round.refresh_from_db()
    assert round.status == "closed"


@pytest.mark.parametrize(
    "model",
    [
        "compact",
        "code",
        "commitment",
        "endorsement",
        "consultation",
        "assessmentround",
        "assessment",
        "rating",
        "actionplanitem",
        "breach",
        "handbooksection",
        "sectionversion",
    ],
)
def test_admin_lists_and_edits_every_model(client_for, administrator, world, model):
    client = client_for(administrator)
    assert client.get(reverse(f"admin:compact_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:compact_{model}_add")).status_code == 200
