"""Who is asking: a personal API token, or a signed-in session that has given its second
factor (the portal's TwoFactorMiddleware already stops a session that has not; the check here
says so again for the API, which a script may reach without the middleware's redirect)."""

import datetime

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal import twofactor

from .models import ApiToken, hash_key

KEYWORDS = ("token", "bearer")
# A token's "last used" is written at most this often, not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` or ``Authorization: Bearer <key>``. A wrong, revoked or
    inactive person's key is refused (401), never taken as signed out."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Token.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("This token is not valid.") from exc
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is not valid or was revoked.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, _request):
        return 'Token realm="api"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, once it has given the second factor it needs."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if not twofactor.satisfied(request._request):
            raise exceptions.PermissionDenied(
                "Two-factor sign-in is needed: give a code in the portal first."
            )
        return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, _auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token from your profile page: `Token <key>` "
            "(or `Bearer <key>`).",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = VerifiedSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, _auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
