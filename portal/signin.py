"""Sign-in's defences: who is asking (the client's address), a throttle for guesses that are not
passwords (voter codes), and an idle time after which a session ends.

Failed passwords are throttled by django-axes (settings ``AXES_*``): per account *and* address,
so a stranger guessing someone's password locks out only themselves, never the real user at
their usual address, and a password reset always works."""

import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode


def client_ip(request) -> str:
    """The client's address. Behind ``PORTAL_TRUSTED_PROXIES`` proxies, each of which appends
    the address it saw to X-Forwarded-For, it is that many entries from the right; otherwise
    the connection's own address (a client's X-Forwarded-For is not believed)."""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            try:  # a value that is not an address (a miscounted proxy) is not believed
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


def axes_client_ip(request) -> str:  # AXES_CLIENT_IP_CALLABLE
    return client_ip(request)


class Throttle:
    """At most ``limit`` failures per ``key`` in ``window`` seconds, counted in the cache (Redis
    when configured, so every web process shares the count)."""

    def __init__(self, scope: str, *, limit: int, window: int):
        self.scope, self.limit, self.window = scope, limit, window

    def _key(self, key: str) -> str:
        return f"throttle:{self.scope}:{key}"

    def blocked(self, key: str) -> bool:
        return cache.get(self._key(key), 0) >= self.limit

    def failed(self, key: str) -> None:
        name = self._key(key)
        if cache.add(name, 1, self.window):
            return
        try:
            cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, self.window)

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))

    @property
    def minutes(self) -> int:
        return max(1, round(self.window / 60))


@receiver(user_logged_in)
def _seen_at_sign_in(request, **kwargs):
    """Signing in counts as being seen, so the first page after it writes no session."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Ends a signed-in session that has been idle for ``PORTAL_SESSION_IDLE_MINUTES``; the
    session's maximum age is ``SESSION_COOKIE_AGE``. The time seen is saved at most once a
    minute, so a busy page does not write the session on every request."""

    KEY = "portal_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            idle = settings.PORTAL_SESSION_IDLE_MINUTES * 60
            if last is not None and now - last > idle:
                request.portal_sign_out_reason = "idle"  # for the sign-in record
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.PORTAL_SESSION_IDLE_MINUTES} minutes "
                    "without using the portal. Sign in again to carry on.",
                )
                login = reverse(settings.LOGIN_URL)
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def locked_out(request, *args, **kwargs):  # AXES_LOCKOUT_CALLABLE (its response, credentials)
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# Connected with this module (PortalConfig.ready imports it): the sign-in record's receivers
# and two-factor sign-in's system checks.
from . import audit, twofactor  # noqa: E402, F401
