"""The record of sign-ins (``SignInEvent``): every sign-in, sign-out and wrong password, from
Django's own signals, and every two-factor step, from ``portal.twofactor``. Each row has its
time, the account (or the username that was typed) and the client's address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SignInEvent
from .signin import client_ip

Kind = SignInEvent.Kind


def sign_in_event_record(
    kind: str, *, request=None, user=None, username: str = "", by=None, detail: str = ""
) -> SignInEvent:
    address = client_ip(request) if request is not None else ""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    if user is not None and not username:
        username = user.get_username()
    return SignInEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=username[:150],
        address=address or None,
        user_agent=agent[:200],
        by=by,
        detail=detail[:200],
    )


@receiver(user_logged_in, dispatch_uid="portal.audit.signed_in")
def _signed_in(request, user, **kwargs):
    sign_in_event_record(Kind.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="portal.audit.signed_out")
def _signed_out(request, user, **kwargs):
    if user is None:  # signing out when not signed in
        return
    reason = getattr(request, "portal_sign_out_reason", "") if request is not None else ""
    sign_in_event_record(Kind.SIGNED_OUT, request=request, user=user, detail=reason)


@receiver(user_login_failed, dispatch_uid="portal.audit.failed")
def _failed(credentials, request=None, **kwargs):
    # django-axes's receiver runs first (its app is ready earlier) and marks a request it
    # refused because the account is paused from this address.
    paused = request is not None and getattr(request, "axes_locked_out", False)
    username = str(credentials.get("username") or "")[:150]
    User = get_user_model()
    account = (
        User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if username
        else None
    )
    sign_in_event_record(
        Kind.LOCKED_OUT if paused else Kind.FAILED,
        request=request,
        user=account,
        username=username,
    )
