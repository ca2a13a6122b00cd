"""The record of sign-ins: each sign-in, sign-out, wrong password, pause, two-factor set-up,
code, wrong code and reset is a row with its time, account (or the username typed) and
address, which administrators read, and cannot change, in the admin."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from portal import twofactor
from portal.models import SignInEvent
from portal.roles import Role

from ..conftest import app_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
HOME = "198.51.100.7"
ATTACKER = "203.0.113.66"
Kind = SignInEvent.Kind


def _sign_in(client, username, password=PASSWORD, address=HOME):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _verify(client, code, address=HOME):
    return client.post(reverse("two_factor_verify"), {"code": code}, REMOTE_ADDR=address)


def _events(**filters):
    return list(
        SignInEvent.objects.filter(**filters)
        .order_by("pk")
        .values_list("kind", "username", "address", "detail")
    )


@pytest.fixture
def priya(make_user):
    return make_user(Role.OFFICER, username="priya", name="Priya Shah")


def test_password_sign_in_and_sign_out_are_recorded(priya):
    before = timezone.now()
    client = Client()
    _sign_in(client, "priya", address=HOME)
    client.post(reverse("logout"), REMOTE_ADDR=HOME)
    assert _events(user=priya) == [
        (Kind.SIGNED_IN, "priya", HOME, ""),
        (Kind.SIGNED_OUT, "priya", HOME, ""),
    ]
    assert all(e.at >= before for e in SignInEvent.objects.all())


def test_wrong_passwords_and_the_pause_are_recorded_with_the_username_typed(priya):
    client = Client()
    for _ in range(6):
        _sign_in(client, "priya", "guess", address=ATTACKER)
    _sign_in(client, "nobody-here", "guess", address=ATTACKER)
    kinds = [k for k, *_ in _events(username="priya")]
    assert kinds.count(Kind.FAILED) == 4 and kinds.count(Kind.LOCKED_OUT) == 2
    assert {e.user for e in SignInEvent.objects.filter(username="priya")} == {priya}
    unknown = SignInEvent.objects.get(username="nobody-here")
    assert unknown.kind == Kind.FAILED and unknown.user is None
    assert unknown.address == ATTACKER
    assert "guess" not in str(_events())  # never a password


def test_an_idle_sign_out_says_so(priya):
    client = Client()
    client.force_login(priya)
    session = client.session
    session["portal_last_seen"] = int(time.time()) - 31 * 60
    session.save()
    client.get("/", REMOTE_ADDR=HOME)
    assert _events(kind=Kind.SIGNED_OUT) == [(Kind.SIGNED_OUT, "priya", HOME, "idle")]


def test_every_two_factor_step_is_recorded(priya, administrator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    client = Client()
    _sign_in(client, "priya")
    client.get(reverse("two_factor_enrol"), REMOTE_ADDR=HOME)
    from binascii import unhexlify

    key = unhexlify(client.session[twofactor.ENROL_KEY])
    client.post(reverse("two_factor_enrol"), {"code": "000000"}, REMOTE_ADDR=HOME)
    client.post(reverse("two_factor_enrol"), {"code": f"{totp(key):06d}"}, REMOTE_ADDR=HOME)
    client.post(reverse("two_factor_backup_codes_new"), REMOTE_ADDR=HOME)
    backup = twofactor.backup_codes_issue(user=priya)[0]
    client.post(reverse("logout"), REMOTE_ADDR=HOME)

    again = Client()
    _sign_in(again, "priya", address=ATTACKER)
    _verify(again, "nope", address=ATTACKER)
    _verify(again, backup, address=ATTACKER)
    for _ in range(5):
        _verify(Client(), "x")  # not signed in: sent to sign in, nothing recorded
    twofactor.two_factor_reset(user=priya, by=administrator)

    assert [(k, a, d) for k, _, a, d in _events(user=priya)] == [
        (Kind.SIGNED_IN, HOME, ""),
        (Kind.TWO_FACTOR_FAILED, HOME, "setting up"),
        (Kind.TWO_FACTOR_ENROLLED, HOME, ""),
        (Kind.BACKUP_CODES_ISSUED, HOME, ""),
        (Kind.SIGNED_OUT, HOME, ""),
        (Kind.SIGNED_IN, ATTACKER, ""),
        (Kind.TWO_FACTOR_FAILED, ATTACKER, "backup code"),
        (Kind.BACKUP_CODE_USED, ATTACKER, "9 backup codes left"),
        (Kind.TWO_FACTOR_RESET, None, ""),
    ]
    reset = SignInEvent.objects.get(kind=Kind.TWO_FACTOR_RESET)
    assert reset.by == administrator


def test_a_code_from_the_app_and_the_pause_are_recorded(priya):
    device = app_device_for(priya)
    client = Client()
    _sign_in(client, "priya")
    assert _verify(client, f"{totp(device.bin_key):06d}").status_code == 302
    assert _events(kind=Kind.TWO_FACTOR_VERIFIED) == [(Kind.TWO_FACTOR_VERIFIED, "priya", HOME, "")]

    for _ in range(5):
        twofactor._throttle().failed(str(priya.pk))
    other = Client()
    _sign_in(other, "priya")
    assert _verify(other, "123456").status_code == 429
    assert _events(kind=Kind.TWO_FACTOR_THROTTLED) == [
        (Kind.TWO_FACTOR_THROTTLED, "priya", HOME, "")
    ]


def test_the_address_behind_a_trusted_proxy_is_the_clients(priya, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    client = Client()
    client.post(
        reverse("login"),
        {"username": "priya", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}",
    )
    assert SignInEvent.objects.get().address == ATTACKER


def test_administrators_read_the_record_in_the_admin_and_cannot_change_it(
    priya, administrator, make_user
):
    _sign_in(Client(), "priya", "wrong", address=ATTACKER)
    _sign_in(Client(), "priya", address=HOME)
    event = SignInEvent.objects.filter(kind=Kind.FAILED).get()

    admin = Client()
    admin.force_login(administrator)
    changelist = reverse("admin:portal_signinevent_changelist")
    page = admin.get(changelist).content.decode()
    assert "priya" in page and ATTACKER in page and "Wrong password" in page
    page = admin.get(changelist, {"kind": Kind.FAILED}).content.decode()
    assert ATTACKER in page and HOME not in page
    page = admin.get(changelist, {"q": HOME}).content.decode()
    assert HOME in page and ATTACKER not in page
    detail = admin.get(reverse("admin:portal_signinevent_change", args=[event.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin.get(reverse("admin:portal_signinevent_add")).status_code == 403
    delete = reverse("admin:portal_signinevent_delete", args=[event.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert SignInEvent.objects.filter(pk=event.pk).exists()

    # An officer (even a staff one) cannot read it.
    staff = make_user(Role.OFFICER, username="olu", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(changelist).status_code == 403
