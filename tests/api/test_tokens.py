"""Personal API tokens: made on the profile page (behind the second factor), shown once,
read the API as their owner, and stop working when revoked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken

pytestmark = pytest.mark.django_db

PARTNERSHIPS = "/api/v1/partnerships/"


def _make_token(client, name="Board papers script"):
    response = client.post(reverse("api:token_create"), {"name": name}, follow=True)
    page = response.content.decode()
    key = re.search(r'id="api-fresh-key"[^>]*value="([^"]+)"', page).group(1)
    return page, key


def test_a_token_made_on_the_profile_page_reads_the_partnerships(client_for, world):
    lead = world["users"]["lead"]
    browser = client_for(lead)
    page, key = _make_token(browser)
    assert "Copy its key now: it is not shown again." in page
    assert "Board papers script" in page
    # Only its hash is kept, and the key is shown once.
    token = ApiToken.objects.get(user=lead)
    assert token.key_hash != key and key not in token.key_hash
    assert key not in browser.get(reverse("partnerships:profile")).content.decode()

    script = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = script.get(PARTNERSHIPS)
    assert response.status_code == 200
    names = [p["name"] for p in response.json()["results"]]
    assert names == ["Partnership A", "Partnership B", "Partnership C"]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(PARTNERSHIPS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401(client_for, world):
    browser = client_for(world["users"]["board_member"])
    _, key = _make_token(browser)
    script = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert script.get(PARTNERSHIPS).status_code == 200
    token = ApiToken.objects.get(user=world["users"]["board_member"])
    response = browser.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "was revoked: it no longer works" in response.content.decode()
    response = script.get(PARTNERSHIPS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert Client(HTTP_AUTHORIZATION="Token not-a-key").get(PARTNERSHIPS).status_code == 401


def test_only_the_owner_revokes_a_token_and_only_by_post(client_for, world):
    _, key = _make_token(client_for(world["users"]["lead"]))
    token = ApiToken.objects.get(user=world["users"]["lead"])
    other = client_for(world["users"]["officer"])
    assert other.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert other.get(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    owner = client_for(world["users"]["lead"])
    assert owner.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    assert owner.get(reverse("api:token_create")).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(PARTNERSHIPS).status_code == 200


def test_a_token_needs_a_name(client_for, world):
    response = client_for(world["users"]["lead"]).post(
        reverse("api:token_create"), {"name": "  "}, follow=True
    )
    assert "Give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_signed_out_cannot_make_tokens(world):
    response = Client().post(reverse("api:token_create"), {"name": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_only_a_verified_session_makes_tokens_or_reads_the_api(world):
    """An officer who has given their password but not their second factor is sent to give
    it, and makes no token; their session does not read the API either."""
    client = Client()
    client.force_login(world["users"]["lead"], second_factor=False)
    response = client.post(reverse("api:token_create"), {"name": "x"})
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert not ApiToken.objects.exists()
    assert client.get(PARTNERSHIPS, HTTP_ACCEPT="application/json").status_code == 403


def test_a_verified_session_reads_the_api(client_for, world):
    response = client_for(world["users"]["partner_contact"]).get(PARTNERSHIPS)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Partnership A"]


def test_an_inactive_persons_token_stops_working(world, token_client):
    member = world["users"]["board_member"]
    script = token_client(member)
    assert script.get(PARTNERSHIPS).status_code == 200
    member.is_active = False
    member.save()
    assert script.get(PARTNERSHIPS).status_code == 401


def test_the_profile_lists_tokens_in_fixed_queries(
    client_for, world, django_assert_max_num_queries
):
    from api.services import api_token_create

    lead = world["users"]["lead"]
    client = client_for(lead)
    client.get(reverse("partnerships:profile"))
    for i in range(5):
        api_token_create(user=lead, name=f"Script {i}")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("partnerships:profile")).content.decode()
    assert page.count("Revoke<span") == 5


def test_administrators_find_and_revoke_tokens_in_the_admin(client_for, world):
    from api.services import api_token_create

    token, key = api_token_create(user=world["users"]["lead"], name="Nightly export")
    admin = client_for(world["users"]["administrator"])
    found = admin.get(reverse("admin:api_apitoken_changelist"), {"q": "Nightly"})
    assert found.status_code == 200 and "Nightly export" in found.content.decode()
    assert admin.get(reverse("admin:api_apitoken_add")).status_code == 403
    change = admin.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert key not in change and token.key_hash not in change
