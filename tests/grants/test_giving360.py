"""The 360Giving export validates against the 1.4.3 package schema, offline."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import giving360
from grants.services import award_approve

from ..partnerships.factories import OrganisationFactory, PartnershipFactory
from .factories import AwardFactory, FundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(settings):
    settings.GRANTS_360_PREFIX = "cheshire-east"
    fund = FundFactory(name="Town Partnership grants", budget=Decimal("72000"))
    charity = OrganisationFactory(name="Food Network", sector="vcfs", charity_number="1170341")
    company = OrganisationFactory(name="Walks CIC", sector="vcfs", company_number="10493721")
    town = PartnershipFactory(name="Crewe Town Partnership")
    made = [
        award_approve(award=AwardFactory(fund=fund, recipient_organisation=charity), by=None),
        award_approve(award=AwardFactory(fund=fund, recipient_organisation=company), by=None),
        award_approve(
            award=AwardFactory(fund=fund, recipient_organisation=None, recipient_partnership=town),
            by=None,
        ),
    ]
    AwardFactory(fund=fund, title="Still proposed")
    return made


def test_package_validates_with_no_network(awards, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the validation tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    grants = data["grants"]
    assert [g["id"] for g in grants] == [f"360G-cheshire-east-{a.pk}" for a in awards]
    assert [g["recipientOrganization"][0]["id"] for g in grants] == [
        "GB-CHC-1170341",
        "GB-COH-10493721",
        f"360G-cheshire-east-partnership-{awards[2].recipient_partnership_id}",
    ]
    assert grants[0]["fundingOrganization"][0]["id"] == "GB-LAE-CHE"
    assert all(g["amountAwarded"] == 8000 for g in grants)
    assert "Still proposed" not in json.dumps(data)


def test_validation_catches_a_broken_grant(awards):
    data = giving360.package()
    del data["grants"][0]["currency"]
    data["grants"][1]["amountAwarded"] = "eight thousand"
    errors = giving360.validation_errors(data)
    assert any("grants/1/amountAwarded" in e for e in errors)
    assert any(e.startswith("grants/0") for e in errors)


def full_schema_errors(data):
    """The package schema applied whole by jsonschema, the slow way, formatted alike."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(package)'}: {e.message}"
        for e in giving360._validator().iter_errors(data)
    ]


def test_quick_validation_finds_what_the_whole_schema_finds(awards):
    data = giving360.package()
    data["grants"].append(json.loads(json.dumps(data["grants"][0])))  # a duplicate grant
    del data["grants"][1]["currency"]
    data["grants"][2]["amountAwarded"] = "eight thousand"
    data["version"] = "one"
    errors = giving360.validation_errors(data)
    # The same errors, but the duplicate named by its place rather than by quoting every grant.
    whole = full_schema_errors(data)
    assert [e for e in whole if e.startswith("grants: [")] and len(whole) == len(errors)
    assert sorted(e for e in errors if "uniqueItems" not in e) == sorted(
        e for e in whole if not e.startswith("grants: [")
    )
    assert "grants/3: is the same as an earlier grant (uniqueItems)" in errors
    assert any(e.startswith("version: ") for e in errors)
    assert giving360.validation_errors({"grants": []}) == full_schema_errors({"grants": []})


def test_a_second_download_does_not_validate_unchanged_grants_again(awards):
    giving360._grant_errors.cache_clear()
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    assert giving360._grant_errors.cache_info().misses == 3
    data = giving360.package()
    assert giving360.validation_errors(data) == []
    info = giving360._grant_errors.cache_info()
    assert (info.misses, info.hits) == (3, 3)


def test_downloads(awards, client_for, officer):
    client = client_for(officer)
    response = client.get(reverse("grants:giving360", args=["json"]))
    data = json.loads(response.content)
    assert len(data["grants"]) == 3 and giving360.validation_errors(data) == []
    response = client.get(reverse("grants:giving360", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Identifier", "Title", "Description"]
    assert rows[1][rows[0].index("Recipient Org:Identifier")] == "GB-CHC-1170341"
    assert rows[1][rows[0].index("Amount Awarded")] == "8000.00"
    assert len(rows) == 4


def test_nothing_to_publish_is_a_message_not_an_invalid_file(client_for, officer):
    response = client_for(officer).get(reverse("grants:giving360", args=["json"]), follow=True)
    assert "There are no approved awards to publish yet." in response.content.decode()


def test_an_unknown_format_is_not_found(awards, client_for, officer):
    response = client_for(officer).get(reverse("grants:giving360", args=["xml"]))
    assert response.status_code == 404
