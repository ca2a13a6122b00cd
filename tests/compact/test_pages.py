"""Every page of the compact app for every role: who may see it, who may change it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["no_role_user", "partner_contact", "board_member", "officer", "administrator"]

# role → status, for each kind of page (anonymous visitors are always sent to sign in).
KINDS = {
    "public_list": {"no_role_user": 403},
    "public": {"no_role_user": 404},
    "compliance_list": {"no_role_user": 403, "partner_contact": 403},
    "compliance": {"no_role_user": 404, "partner_contact": 404},
    "findings": {"no_role_user": 404, "partner_contact": 403},
    # An organisation's self-assessment: theirs and the officers' (this board member sits on
    # none of the Compact's boards, so reads neither).
    "own_assessment": {"no_role_user": 404, "board_member": 404},
    "other_assessment": {"no_role_user": 404, "partner_contact": 404, "board_member": 404},
    "edit": {"no_role_user": 404, "partner_contact": 403, "board_member": 403},
    "edit_compliance": {"no_role_user": 404, "partner_contact": 404, "board_member": 403},
    "add": {"no_role_user": 403, "partner_contact": 403, "board_member": 403},
}


def pages(w):
    c, s = w["compact"], w["section"]
    return [
        ("compact_list", [], "public_list"),
        ("compact_detail", [c.pk], "public"),
        ("handbook", [], "public_list"),
        ("handbook_pdf", [], "public_list"),
        ("section_detail", [s.pk], "public"),
        ("version_detail", [w["endorsed"].pk], "public"),
        ("version_diff", [s.pk], "public"),
        ("findings", [c.pk], "findings"),
        ("consultation_list", [], "compliance_list"),
        ("breach_list", [], "compliance_list"),
        ("consultation_detail", [w["consultation"].pk], "compliance"),
        ("breach_detail", [w["breach"].pk], "compliance"),
        ("round_detail", [w["round"].pk], "compliance"),
        ("version_detail", [w["draft"].pk], "compliance"),  # a draft is not public
        ("assessment_detail", [w["own"].pk], "own_assessment"),
        ("assessment_detail", [w["other"].pk], "other_assessment"),
        ("compact_add", [], "add"),
        ("section_add", [], "add"),
        ("compact_edit", [c.pk], "edit"),
        ("compact_history", [c.pk], "edit"),
        ("code_add", [c.pk], "edit"),
        ("code_edit", [w["funding"].pk], "edit"),
        ("code_history", [w["funding"].pk], "edit"),
        ("endorsement_edit", [w["endorsement"].pk], "edit"),
        ("endorsement_history", [w["endorsement"].pk], "edit"),
        ("round_history", [w["round"].pk], "edit_compliance"),
        ("action_history", [w["action"].pk], "edit_compliance"),
        ("commitment_add", [w["funding"].pk], "edit"),
        ("commitment_edit", [w["shared"].pk], "edit"),
        ("commitment_history", [w["shared"].pk], "edit"),
        ("endorsement_add", [c.pk], "edit"),
        ("section_edit", [s.pk], "edit"),
        ("section_history", [s.pk], "edit"),
        ("version_add", [s.pk], "edit"),
        ("version_history", [w["endorsed"].pk], "edit"),
        ("version_edit", [w["draft"].pk], "edit_compliance"),
        ("consultation_add", [c.pk], "edit_compliance"),
        ("consultation_edit", [w["consultation"].pk], "edit_compliance"),
        ("consultation_history", [w["consultation"].pk], "edit_compliance"),
        ("breach_add", [c.pk], "edit_compliance"),
        ("breach_edit", [w["breach"].pk], "edit_compliance"),
        ("breach_history", [w["breach"].pk], "edit_compliance"),
        ("round_add", [c.pk], "edit_compliance"),
        ("round_edit", [w["round"].pk], "edit_compliance"),
        ("action_add", [w["round"].pk], "edit_compliance"),
        ("action_edit", [w["action"].pk], "edit_compliance"),
        ("assessment_history", [w["other"].pk], "other_assessment"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    wrong = []
    for name, args, kind in pages(world):
        expected = KINDS[kind].get(role, 200)
        status = client.get(reverse(f"compact:{name}", args=args)).status_code
        if status != expected:
            wrong.append((name, args, status, expected))
    assert wrong == []


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, args, _ in pages(world):
        response = client.get(reverse(f"compact:{name}", args=args))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_missing_records_are_404(client_for, officer, world):
    client = client_for(officer)
    for name in ["compact_detail", "round_detail", "assessment_detail", "version_detail"]:
        assert client.get(reverse(f"compact:{name}", args=[99999])).status_code == 404
    assert client.get(reverse("compact:code_add", args=[99999])).status_code == 404


def test_partner_sees_the_public_compact_but_no_compliance_links(
    client_for, partner_contact, world
):
    page = client_for(partner_contact).get(world["compact"].get_absolute_url()).content.decode()
    assert "Consult for at least 12 weeks." in page
    assert "Cheshire West and Chester Council" in page  # its endorsement
    assert "Findings from the portal" not in page
    assert reverse("compact:breach_list") not in page
    assert world["own"].get_absolute_url() in page  # their own assessment
    assert world["other"].get_absolute_url() not in page


def test_handbook_shows_partners_the_endorsed_text_only(
    client_for, partner_contact, officer, world
):
    partner = client_for(partner_contact).get(reverse("compact:handbook")).content.decode()
    assert "Partners share information lawfully." in partner
    assert "Out to consultation" not in partner and "Draft" not in partner
    staff = client_for(officer).get(reverse("compact:handbook")).content.decode()
    assert "Draft" in staff and world["draft"].get_absolute_url() in staff


def test_officers_reach_a_codes_history_from_the_compact(client_for, officer, board_member, world):
    history = reverse("compact:code_history", args=[world["funding"].pk])
    assert history in client_for(officer).get(world["compact"].get_absolute_url()).content.decode()
    page = client_for(board_member).get(world["compact"].get_absolute_url()).content.decode()
    assert history not in page
