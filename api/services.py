"""Making and revoking API tokens."""

from django.db import transaction
from django.utils import timezone

from .models import PREFIX_LENGTH, ApiToken, hash_key

MAX_LIVE_TOKENS = 20


class TokenRefused(Exception):
    pass


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key, which is not kept and cannot be shown again."""
    name = name.strip()
    if not name:
        raise TokenRefused("Give the token a name, so you can tell it from your others.")
    if ApiToken.objects.live().filter(user=user).count() >= MAX_LIVE_TOKENS:
        raise TokenRefused(
            f"You have {MAX_LIVE_TOKENS} tokens already: revoke one you no longer use first."
        )
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """The token stops working at once; it stays listed as revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
