"""The layout every page shares, the home page per role, sign-in pages and error pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.roles import Role

from ..partnerships.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


# Every page a signed-in officer can reach, to check the shared layout once per page.
def officer_pages(organisation):
    return [
        reverse("dashboard"),
        reverse("password_change"),
        reverse("partnerships:organisation_list"),
        reverse("partnerships:organisation_add"),
        reverse("partnerships:organisation_detail", args=[organisation.pk]),
        reverse("partnerships:organisation_edit", args=[organisation.pk]),
        reverse("partnerships:organisation_history", args=[organisation.pk]),
    ]


def test_every_page_has_a_title_skip_link_navigation_and_breadcrumbs(client_for, officer):
    client = client_for(officer)
    for url in officer_pages(OrganisationFactory(name="Cheshire East Council")):
        content = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()
        assert title and not title.startswith("–"), url
        assert 'href="#main">Skip to main content' in content, url
        assert '<main id="main"' in content, url
        for area in ["Partnerships", "Meetings", "Compact", "Grants", "Work programme"]:
            assert area in content, (url, area)
        if url != reverse("dashboard"):
            assert 'aria-label="Breadcrumb"' in content or "password" in url, url


def test_pages_use_only_local_assets(client_for, officer):
    content = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in content
    assert not re.search(r'(src|href)="https?://', content)


DASHBOARD_TEXT = {
    "officer": ["Partner organisations", "Recent changes to the register"],
    "administrator": ["Partner organisations", "Recent changes to the register"],
    "board_member": ["Your next meetings", "New papers", "Actions in your name"],
    "partner_contact": ["Your organisation", "Third Sector Assembly"],
    # (a partner contact has no exports, so no downloads panel)
    "no_role_user": ["Your account has no role yet"],
}


# The register's panels take 12 queries; each area's panel (work programmes, grants, the
# Compact) takes at most 2 more.
DASHBOARD_QUERIES = 12 + 3 * 2


@pytest.mark.parametrize("role", DASHBOARD_TEXT)
def test_dashboard_per_role(request, client_for, role, django_assert_max_num_queries):
    OrganisationFactory.create_batch(3)
    user = request.getfixturevalue(role)
    client = client_for(user)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        content = client.get(reverse("dashboard")).content.decode()
    for text in DASHBOARD_TEXT[role]:
        assert text in content, (role, text)
    if role in ("board_member", "partner_contact", "no_role_user"):
        assert "Recent changes to the register" not in content
    if role in ("partner_contact", "no_role_user"):
        assert "Your downloads" not in content


@pytest.mark.parametrize("rows", [5, 50])
def test_dashboard_query_count_does_not_grow(
    client_for, officer, rows, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(rows)
    client = client_for(officer)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("dashboard"))


def test_anonymous_home_goes_to_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_sign_in_and_out(client, officer):
    history_before = officer.history.count()
    response = client.post(
        reverse("login"), {"username": "officer", "password": "a-long-test-password"}
    )
    assert response.status_code == 302 and response.url == reverse("dashboard")
    officer.refresh_from_db()
    assert officer.last_login is not None
    assert officer.history.count() == history_before  # signing in is not an edit
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_is_explained(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_reset_email_goes_through_the_queue(client, officer):
    # Queued at once rather than on commit, so that the page knows it was queued.
    response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert message.subject == "Reset your partnership portal password"
    assert "/accounts/password/reset/" in message.body


def test_password_change(client_for, officer):
    client = client_for(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "Ambition for All 2020",
            "new_password2": "Ambition for All 2020",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Ambition for All 2020")


def test_404_page_is_the_portals(client_for, officer):
    response = client_for(officer).get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and "Skip to main content" in content


def test_500_page_renders_without_the_database():
    from django.template import loader

    content = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the portal" in content


def test_403_page_explains(client_for, no_role_user):
    response = client_for(no_role_user).get(reverse("partnerships:organisation_list"))
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


def test_admin_is_for_administrators_only(client_for, administrator, officer):
    assert client_for(administrator).get(reverse("admin:index")).status_code == 200
    assert client_for(officer).get(reverse("admin:index")).status_code == 302


def test_admin_organisation_pages(client_for, administrator, django_assert_max_num_queries):
    organisation = OrganisationFactory(name="Cheshire Fire and Rescue Service", kind="fire_rescue")
    OrganisationFactory.create_batch(20)
    client = client_for(administrator)
    changelist = reverse("admin:partnerships_organisation_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(changelist, {"q": "Fire", "kind__exact": "fire_rescue"})
    assert "Cheshire Fire and Rescue Service" in response.content.decode()
    assert response.context["cl"].result_count == 1
    history = reverse("admin:partnerships_organisation_history", args=[organisation.pk])
    assert client.get(history).status_code == 200
    users = reverse("admin:partnerships_user_changelist")
    assert client.get(users).status_code == 200


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_sign_in_pages_are_open_and_cheap(client, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_signed_in_user_visiting_login_goes_home(client_for, officer):
    response = client_for(officer).get(reverse("login"))
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_admin_partnership_pages_with_inlines(client_for, administrator):
    from ..partnerships.factories import BoardFactory, MembershipFactory

    board = BoardFactory()
    MembershipFactory(board=board)
    client = client_for(administrator)
    for url in [
        reverse("admin:partnerships_partnership_changelist"),
        reverse("admin:partnerships_partnership_change", args=[board.partnership.pk]),
        reverse("admin:partnerships_board_change", args=[board.pk]),
        reverse("admin:partnerships_membership_changelist"),
        reverse("admin:partnerships_strategy_changelist"),
        reverse("admin:partnerships_action_changelist"),
        reverse("admin:partnerships_partnership_history", args=[board.partnership.pk]),
    ]:
        assert client.get(url).status_code == 200, url


PAGINATED_LISTS = [
    "partnerships:organisation_list",
    "partnerships:partnership_list",
    "workprogramme:programme_list",
    "workprogramme:risklog_list",
    "grants:fund_list",
    "grants:award_list",
    "compact:consultation_list",
    "compact:breach_list",
]


@pytest.mark.parametrize("url_name", PAGINATED_LISTS)
@pytest.mark.parametrize("page", ["abc", "999", "-1", "last", ""])
def test_a_page_number_it_cannot_use_shows_the_nearest_page(client_for, officer, url_name, page):
    OrganisationFactory.create_batch(3)
    response = client_for(officer).get(reverse(url_name), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_history_shows_dates_and_money_as_people_write_them(db):
    from portal.history import history_rows

    from ..partnerships.factories import ContributionFactory, PartnershipFactory

    partnership = PartnershipFactory(start_date=datetime.date(2016, 4, 1))
    contribution = ContributionFactory(partnership=partnership, cash=Decimal("12500"))
    [created] = history_rows(partnership)
    assert {c.label: c.new for c in created.changes}["Start date"] == "1 April 2016"
    [created] = history_rows(contribution)
    assert {c.label: c.new for c in created.changes}["Cash (£)"] == "12,500.00"


@pytest.mark.parametrize("url_name", PAGINATED_LISTS)
def test_an_empty_list_says_whether_the_filters_emptied_it(client_for, officer, url_name):
    client = client_for(officer)
    page = client.get(reverse(url_name)).content.decode()
    assert "that you can see yet" in page and "match these filters" not in page
    page = client.get(reverse(url_name), {"q": "nothing like this"}).content.decode()
    assert "match these filters" in page


def test_an_edit_that_fails_validation_keeps_the_saved_name_in_its_title(client_for, administrator):
    from ..compact.factories import CompactFactory
    from ..partnerships.factories import PartnershipFactory

    partnership = PartnershipFactory(name="Crewe Town Partnership")
    compact = CompactFactory(name="West Cheshire Compact")
    client = client_for(administrator)
    for url, saved in [
        (reverse("partnerships:partnership_edit", args=[partnership.pk]), partnership.name),
        (reverse("compact:compact_edit", args=[compact.pk]), compact.name),
    ]:
        response = client.post(url, {"name": "Renamed but not saved"})
        assert response.status_code == 200, url
        assert f"Edit {saved}" in response.context["page_title"]
        assert "Renamed but not saved" not in response.context["page_title"]
