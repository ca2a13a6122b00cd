"""Two-factor sign-in (django-otp): a code from an authenticator app (TOTP), or one of ten
one-time backup codes, after the password.

It is required, while ``PORTAL_TWO_FACTOR_REQUIRED`` is on, of every account holding a role
in ``PORTAL_TWO_FACTOR_ROLES`` and of every account that can open the Django admin (staff).
The password step is Django's sign-in page, throttled by django-axes; it signs the person in,
and ``TwoFactorMiddleware`` then sends them, on every page until they have given a code, to
set up an app (first time, or after an administrator's reset) or to give a code. Wrong codes
are throttled twice over: django-otp's growing delay on the device itself (kept in the
database), and a pause for the account after ``PORTAL_TWO_FACTOR_FAILURE_LIMIT`` of them.
"""

import base64
import time
from binascii import unhexlify

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import checks
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .access import SIGNED_IN
from .audit import Kind, sign_in_event_record
from .forms import PortalForm
from .roles import Role, roles_of
from .signin import Throttle

APP_DEVICE = "Authenticator app"
BACKUP_DEVICE = "Backup codes"
ENROL_KEY = "portal_two_factor_new_key"  # the secret being set up, until it is confirmed
FRESH_CODES = "portal_two_factor_backup_codes"  # new backup codes, until they are shown once
# Open to a signed-in person who has not given a code yet: the steps themselves, and leaving.
OPEN_BEFORE_VERIFYING = {"two_factor_verify", "two_factor_enrol", "logout"}


# --- who needs it --------------------------------------------------------------------------


def required_for(user) -> bool:
    if not settings.PORTAL_TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff:  # the admin site can change everything
        return True
    wanted = {name.lower() for name in settings.PORTAL_TWO_FACTOR_ROLES}
    return any(role.lower() in wanted for role in roles_of(user))


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(verified and verified())


def satisfied(request) -> bool:
    """The person need not give a second factor, or has given one in this session."""
    return not required_for(request.user) or is_verified(request.user)


def app_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE).order_by("pk").first()


def state_of(user) -> dict:
    """What the profile page says about a person's two-factor sign-in."""
    device = app_device_of(user)
    backup = backup_device_of(user) if device else None
    return {
        "required": required_for(user),
        "enrolled": device is not None,
        "since": device.created_at if device else None,
        "last_used": device.last_used_at if device else None,
        "backup_codes_left": backup.token_set.count() if backup else 0,
    }


def _throttle() -> Throttle:
    return Throttle(
        "two-factor",
        limit=settings.PORTAL_TWO_FACTOR_FAILURE_LIMIT,
        window=settings.PORTAL_TWO_FACTOR_COOLOFF_MINUTES * 60,
    )


# --- services ------------------------------------------------------------------------------


class AlreadyEnrolled(Exception):
    pass


def _app_totp(key: str) -> TOTP:
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp


@transaction.atomic
def two_factor_enrol(*, user, key: str, code: str) -> TOTPDevice | None:
    """The person's app, once the code it shows matches ``key``; None if it does not. A person
    who already has an app must have it reset by an administrator first (so that someone who
    has only their password cannot put their own app in its place)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AlreadyEnrolled
    totp = _app_totp(key)
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=1)):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(
        user=user, name=APP_DEVICE, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
    )


@transaction.atomic
def backup_codes_issue(*, user) -> list[str]:
    """Ten new backup codes, each good once; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < settings.PORTAL_TWO_FACTOR_BACKUP_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    device.throttle_reset()
    return sorted(codes)


@transaction.atomic
def two_factor_reset(*, user, by, request=None) -> None:
    """For a lost device: the person's app and backup codes are removed, so they set up an
    app again at their next page (a session verified with the old app no longer counts)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _throttle().reset(str(user.pk))
    sign_in_event_record(Kind.TWO_FACTOR_RESET, request=request, user=user, by=by)


# --- forms and pages -----------------------------------------------------------------------


class CodeForm(PortalForm):
    code = forms.CharField(
        label="Code",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "class": "font-monospace",
            }
        ),
    )

    def clean_code(self):
        # Apps show "123 456", backup codes are printed in two halves: neither space matters.
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class AppCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your app"
        self.fields["code"].help_text = "The 6-digit code the app shows for this portal."
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only (what the middleware sends): not a name, not another host.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


class StepMixin(LoginRequiredMixin):
    """The steps are open to anyone signed in (the middleware sends people to them)."""

    access_rule = SIGNED_IN

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = next_url(self.request)
        return context


class VerifyView(StepMixin, FormView):
    """The second step of signing in: a code from the app, or a backup code."""

    template_name = "registration/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not required_for(request.user) or is_verified(request.user):
                return HttpResponseRedirect(next_url(request))
            self.device = app_device_of(request.user)
            if self.device is None:
                return redirect(_with_next("two_factor_enrol", request))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["code"].label = "Code from your app, or a backup code"
        return form

    def form_valid(self, form):
        user, code = self.request.user, form.cleaned_data["code"]
        throttle, key = _throttle(), str(user.pk)
        if throttle.blocked(key):
            sign_in_event_record(Kind.TWO_FACTOR_THROTTLED, request=self.request, user=user)
            return self._refuse(form, _paused(throttle), status=429)
        is_app_code = code.isdigit() and len(code) == 6
        device = self.device if is_app_code else backup_device_of(user)
        if device is not None:
            allowed, wait = device.verify_is_allowed()
            if not allowed:  # django-otp's growing delay after each wrong code
                sign_in_event_record(
                    Kind.TWO_FACTOR_THROTTLED, request=self.request, user=user, detail="delay"
                )
                until = (wait or {}).get("locked_until") or timezone.now()
                seconds = max(1, round((until - timezone.now()).total_seconds()))
                return self._refuse(
                    form,
                    f"Wait {seconds} second{'s' if seconds != 1 else ''} before trying another "
                    "code: each wrong code makes the next wait longer.",
                    status=429,
                )
            verified = verify_token(user, device.persistent_id, code)
        else:
            verified = None
        if verified is None:
            throttle.failed(key)
            sign_in_event_record(
                Kind.TWO_FACTOR_FAILED,
                request=self.request,
                user=user,
                detail="app code" if is_app_code else "backup code",
            )
            if throttle.blocked(key):
                return self._refuse(form, _paused(throttle), status=429)
            return self._refuse(
                form,
                "That code is not right. Codes from the app change every 30 seconds: "
                "enter the one it shows now. Each backup code works only once.",
            )
        # A new session id for the stronger sign-in, as Django gives one for the password.
        self.request.session.cycle_key()
        otp_login(self.request, verified)
        if is_app_code:
            sign_in_event_record(Kind.TWO_FACTOR_VERIFIED, request=self.request, user=user)
        else:
            left = verified.token_set.count()
            sign_in_event_record(
                Kind.BACKUP_CODE_USED,
                request=self.request,
                user=user,
                detail=f"{left} backup codes left",
            )
            messages.warning(
                self.request,
                f"You used a backup code; {left} are left. If you have lost your phone, ask "
                "a portal administrator to reset your two-factor sign-in. You can make new "
                "backup codes on your profile page.",
            )
        return HttpResponseRedirect(next_url(self.request))

    def _refuse(self, form, message: str, status: int = 200):
        form.add_error("code", message)
        return self.render_to_response(self.get_context_data(form=form), status=status)


def _paused(throttle: Throttle) -> str:
    return (
        f"Too many wrong codes: signing in to this account is paused for {throttle.minutes} "
        "minutes. Wait and try again. If you have lost your phone and your backup codes, ask "
        "a portal administrator to reset your two-factor sign-in."
    )


class EnrolView(StepMixin, FormView):
    """First sign-in (or after a reset): scan the QR code or type the secret into an app,
    then give the code it shows; ten backup codes follow, shown once."""

    template_name = "registration/two_factor_enrol.html"
    form_class = AppCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not required_for(request.user):
                return HttpResponseRedirect(next_url(request))
            if app_device_of(request.user) is not None:
                if is_verified(request.user):
                    return HttpResponseRedirect(next_url(request))
                return redirect(_with_next("two_factor_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def _key(self) -> str:
        key = self.request.session.get(ENROL_KEY)
        if not key:
            key = self.request.session[ENROL_KEY] = random_hex(20)
        return key

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self._key()
        device = TOTPDevice(user=self.request.user, key=key)  # not saved: for its URL only
        secret = base64.b32encode(unhexlify(key)).decode()
        context["secret_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        context["qr_svg"] = (
            segno.make(device.config_url, error="m")
            .svg_inline(scale=5, border=3, title="QR code to scan with your app")
            .replace("<svg ", '<svg role="img" class="qr-code" ', 1)
        )
        return context

    def form_valid(self, form):
        user, code = self.request.user, form.cleaned_data["code"]
        throttle, key = _throttle(), str(user.pk)
        if throttle.blocked(key):
            sign_in_event_record(Kind.TWO_FACTOR_THROTTLED, request=self.request, user=user)
            form.add_error("code", _paused(throttle))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            device = two_factor_enrol(user=user, key=self._key(), code=code)
        except AlreadyEnrolled:
            return redirect(_with_next("two_factor_verify", self.request))
        if device is None:
            throttle.failed(key)
            sign_in_event_record(
                Kind.TWO_FACTOR_FAILED, request=self.request, user=user, detail="setting up"
            )
            form.add_error(
                "code",
                "That code does not match. Check that the app's clock is right and enter the "
                "code it shows now.",
            )
            return self.render_to_response(self.get_context_data(form=form))
        codes = backup_codes_issue(user=user)
        self.request.session.cycle_key()
        otp_login(self.request, device)
        del self.request.session[ENROL_KEY]
        self.request.session[FRESH_CODES] = codes
        sign_in_event_record(Kind.TWO_FACTOR_ENROLLED, request=self.request, user=user)
        return redirect(_with_next("two_factor_backup_codes", self.request))


class BackupCodesView(StepMixin, TemplateView):
    """New backup codes, shown this once (they are not kept where the portal can show them
    again)."""

    template_name = "registration/two_factor_backup_codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(FRESH_CODES, None)
        if not codes:
            messages.info(
                request,
                "Backup codes are shown only once, when they are made. If you no longer have "
                "yours, make new ones here.",
            )
            return redirect("partnerships:profile")
        return self.render_to_response(
            self.get_context_data(codes=[f"{c[:4]} {c[4:]}" for c in codes])
        )


class BackupCodesNewView(StepMixin, View):
    """From the profile page: new backup codes in place of the old ones."""

    def post(self, request):
        if app_device_of(request.user) is None or not is_verified(request.user):
            return redirect(_with_next("two_factor_verify", request))
        request.session[FRESH_CODES] = backup_codes_issue(user=request.user)
        sign_in_event_record(Kind.BACKUP_CODES_ISSUED, request=request, user=request.user)
        return redirect(
            f"{reverse('two_factor_backup_codes')}?"
            f"{urlencode({'next': reverse('partnerships:profile')})}"
        )


# --- every page ----------------------------------------------------------------------------


class TwoFactorMiddleware:
    """A signed-in person who must give a second factor and has not is sent to set up an app
    or give a code, from every page, the admin's included; a script's request (JSON, job
    polling) gets 403 rather than a page. After django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, _view_func, _view_args, _view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or satisfied(request):
            return None
        match = request.resolver_match
        if (
            match is not None
            and match.url_name in OPEN_BEFORE_VERIFYING
            and (not match.namespace or match.url_name == "logout")  # the admin's too
        ):
            return None
        if _wants_json(request):
            return JsonResponse(
                {"error": "Two-factor sign-in is needed: give a code in the portal first."},
                status=403,
            )
        return redirect(
            f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}"
        )


def _wants_json(request) -> bool:
    return (
        request.GET.get("format") == "json"
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
        or (request.accepts("application/json") and not request.accepts("text/html"))
    )


# --- checks --------------------------------------------------------------------------------


@checks.register(checks.Tags.security)
def check_two_factor_roles(**kwargs):
    known = {role.value.lower() for role in Role}
    return [
        checks.Error(
            f"PORTAL_TWO_FACTOR_ROLES names {name!r}, which is not a role.",
            hint=f"Use some of: {', '.join(sorted(known))}.",
            id="portal.E201",
        )
        for name in settings.PORTAL_TWO_FACTOR_ROLES
        if name.lower() not in known
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_two_factor_required(**kwargs):
    if settings.PORTAL_TWO_FACTOR_REQUIRED:
        return []
    return [
        checks.Warning(
            "Two-factor sign-in is off (PORTAL_TWO_FACTOR_REQUIRED=0).",
            hint="Officers and administrators hold exempt papers: leave it on in production.",
            id="portal.W201",
        )
    ]
