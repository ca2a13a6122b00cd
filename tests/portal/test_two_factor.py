"""Two-factor sign-in: officers and administrators give a code from an app (or a backup code)
after their password before any page opens; the first sign-in sets the app up; an
administrator resets a lost device; wrong codes are throttled."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import twofactor
from portal.models import Job, SignInEvent
from portal.roles import Role

from ..conftest import app_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
Kind = SignInEvent.Kind


def _password(client, username, address="198.51.100.7"):
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _code(device, steps_ahead=0) -> str:
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


def _key_in(client) -> bytes:
    from binascii import unhexlify

    return unhexlify(client.session[twofactor.ENROL_KEY])


def _verify(client, code, next_url="/"):
    return client.post(reverse("two_factor_verify"), {"code": code, "next": next_url})


def _sends_to_second_step(response) -> bool:
    if response.status_code == 403 and response["Content-Type"].startswith("application/json"):
        return True
    return response.status_code == 302 and response["Location"].startswith(
        reverse("two_factor_verify") + "?next="
    )


# --- every page ----------------------------------------------------------------------------

OPEN = {"two_factor_verify", "two_factor_enrol", "logout", "admin:logout"}
FILL = {
    "IntConverter": "1",
    "StringConverter": "x",
    "SlugConverter": "x",
    "PathConverter": "x",
    "UUIDConverter": str(uuid.uuid4()),
}
ZERO_KEY = b"\0" * 20


def _every_url():
    """One address for every URL name the resolver has, the admin's included: the check is
    made before the view, so made-up ids are enough."""

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace) if x) or None
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), p

    for name, pattern in walk(get_resolver().url_patterns):
        if name in OPEN:
            continue
        converters = pattern.pattern.converters
        kwargs = {k: FILL.get(type(c).__name__, "1") for k, c in converters.items()}
        groups = re.findall(r"\?P<(\w+)>", str(pattern.pattern))
        kwargs.update(
            {g: "partnerships" if "app_label" in g else "1" for g in groups if g not in kwargs}
        )
        try:
            yield name, reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue


@pytest.mark.parametrize("enrolled", [False, True], ids=["not set up", "set up"])
def test_an_officer_reaches_no_page_before_the_second_factor(make_user, enrolled):
    officer = make_user(Role.OFFICER, username="priya")
    if enrolled:
        app_device_for(officer)
    client = Client()
    _password(client, "priya")
    walked = 0
    for name, url in _every_url():
        for method in (client.get, client.post):
            response = method(url)
            assert _sends_to_second_step(response), (name, url, response.status_code)
        walked += 1
    assert walked > 150  # the portal's pages and the admin's
    # The second step itself says where to go: set up an app, or give a code.
    response = client.get(reverse("two_factor_verify") + "?next=/grants/")
    if enrolled:
        assert response.status_code == 200 and "Code from your app" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_enrol"))


def test_a_few_pages_and_the_admin_one_by_one(make_user, administrator):
    make_user(Role.OFFICER, username="priya")
    client = Client()
    _password(client, "priya")
    for url in ("/", "/partnerships/", "/partnerships/me/", "/grants/", "/compact/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert (
            response["Location"] == f"{reverse('two_factor_verify')}?next={url.replace('/', '%2F')}"
        )

    admin = Client()
    _password(admin, "admin")
    response = admin.get("/admin/portal/signinevent/")
    assert _sends_to_second_step(response)
    # Even past the middleware, the admin site itself refuses an unverified administrator.
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = administrator
    request.user.is_verified = lambda: False
    assert not django_admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert django_admin.site.has_permission(request)


def test_polling_a_job_answers_403_not_the_job(make_user):
    officer = make_user(Role.OFFICER, username="priya")
    job = Job.objects.create(task_name="x", title="Export", created_by=officer, message="secret")
    client = Client()
    _password(client, "priya")
    for response in (
        client.get(job.get_absolute_url() + "?format=json"),
        client.get(job.get_absolute_url(), headers={"accept": "application/json"}),
    ):
        assert response.status_code == 403
        assert "secret" not in response.content.decode()
        assert "Two-factor" in response.json()["error"]


def test_roles_outside_the_setting_sign_in_with_a_password(make_user, settings):
    make_user(Role.BOARD_MEMBER, username="sam")
    client = Client()
    _password(client, "sam")
    assert client.get("/").status_code == 200
    assert client.get(reverse("two_factor_enrol")).status_code == 302  # nothing to set up

    settings.PORTAL_TWO_FACTOR_ROLES = ["administrator", "officer", "board member"]
    assert _sends_to_second_step(client.get("/"))


def test_turned_off_by_its_setting_the_password_is_enough(make_user, settings):
    make_user(Role.OFFICER, username="priya")
    settings.PORTAL_TWO_FACTOR_REQUIRED = False
    client = Client()
    _password(client, "priya")
    assert client.get("/").status_code == 200
    assert [w.id for w in twofactor.check_two_factor_required()] == ["portal.W201"]
    settings.PORTAL_TWO_FACTOR_REQUIRED = True
    assert twofactor.check_two_factor_required() == []


def test_a_misspelt_role_in_the_setting_is_an_error(settings):
    settings.PORTAL_TWO_FACTOR_ROLES = ["Officer", "adminstrator"]
    assert [e.id for e in twofactor.check_two_factor_roles()] == ["portal.E201"]


# --- setting up ----------------------------------------------------------------------------


def test_first_sign_in_sets_up_an_app_then_shows_backup_codes_once(make_user):
    officer = make_user(Role.OFFICER, username="priya")
    client = Client()
    _password(client, "priya")
    response = client.get("/grants/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_enrol"))
    page = response.content.decode()
    assert "Set up two-factor sign-in" in page
    assert '<svg role="img" class="qr-code"' in page and "<title>" in page
    key = _key_in(client)
    import base64

    secret = base64.b32encode(key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    # The page reloaded shows the same secret (an app already scanned still matches).
    client.get(reverse("two_factor_enrol") + "?next=/grants/")
    assert _key_in(client) == key

    enrol = reverse("two_factor_enrol")
    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    response = client.post(enrol, {"code": wrong, "next": "/grants/"})
    assert response.status_code == 200 and "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()

    response = client.post(enrol, {"code": f"{totp(key):06d}", "next": "/grants/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_backup_codes") + "?next=%2Fgrants%2F"
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.bin_key == key

    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r'<li class="col mb-1">(\w{4} \w{4})</li>', page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/grants/"' in page
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert stored == {c.replace(" ", "") for c in codes}
    # Shown once: the page does not show them again.
    again = client.get(reverse("two_factor_backup_codes"))
    assert again.status_code == 302 and again["Location"] == reverse("partnerships:profile")

    assert client.get("/grants/").status_code == 200
    assert SignInEvent.objects.filter(kind=Kind.TWO_FACTOR_ENROLLED, user=officer).exists()


def test_someone_with_only_the_password_cannot_replace_the_app(make_user):
    officer = make_user(Role.OFFICER, username="priya")
    device = app_device_for(officer)
    client = Client()
    _password(client, "priya")
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    # Even a POST with a key of the attacker's own, slipped into the session, changes nothing.
    session = client.session
    session[twofactor.ENROL_KEY] = "00" * 20
    session.save()
    response = client.post(reverse("two_factor_enrol"), {"code": f"{totp(ZERO_KEY):06d}"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=officer)) == [device]
    with pytest.raises(twofactor.AlreadyEnrolled):
        twofactor.two_factor_enrol(user=officer, key="00" * 20, code=f"{totp(ZERO_KEY):06d}")
    assert _sends_to_second_step(client.get("/"))


# --- giving a code -------------------------------------------------------------------------


def test_the_app_code_opens_the_pages_it_was_asked_for(make_user):
    officer = make_user(Role.OFFICER, username="priya")
    device = app_device_for(officer)
    client = Client()
    _password(client, "priya")
    first = client.get("/partnerships/")
    response = client.get(first["Location"])
    assert response.status_code == 200
    assert "You are signing in as <strong" in response.content.decode()
    session_before = client.session.session_key

    response = _verify(client, _code(device), "/partnerships/")
    assert response.status_code == 302 and response["Location"] == "/partnerships/"
    assert client.session.session_key != session_before  # a new session id for the new level
    assert client.get("/partnerships/").status_code == 200
    assert client.get("/admin/").status_code == 302  # not staff: the admin is still not theirs

    # The same code cannot be used again (another session, the same 30 seconds).
    other = Client()
    _password(other, "priya")
    response = _verify(other, _code(device))
    assert response.status_code == 200 and "That code is not right" in response.content.decode()


def test_an_unsafe_next_address_goes_home(make_user):
    officer = make_user(Role.OFFICER, username="priya")
    device = app_device_for(officer)
    client = Client()
    _password(client, "priya")
    response = _verify(client, _code(device), "https://evil.example/")
    assert response["Location"] == reverse("dashboard")


def test_backup_codes_work_once_each(make_user, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no second's wait after the refused code
    officer = make_user(Role.OFFICER, username="priya")
    app_device_for(officer)
    first, second, *_ = twofactor.backup_codes_issue(user=officer)

    client = Client()
    _password(client, "priya")
    response = _verify(client, f"{first[:4]} {first[4:]}".upper())  # as printed, in capitals
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200 and "9 are left" in response.content.decode()

    again = Client()
    _password(again, "priya")
    response = _verify(again, first)
    assert response.status_code == 200 and "Each backup code works only once" in (
        response.content.decode()
    )
    assert _sends_to_second_step(again.get("/"))
    assert _verify(again, second).status_code == 302
    assert again.get("/").status_code == 200


def test_wrong_codes_are_throttled_per_account(make_user, settings):
    # django-otp's own growing delay is tested below; here, the pause after five.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    officer = make_user(Role.OFFICER, username="priya")
    device = app_device_for(officer)
    twofactor.backup_codes_issue(user=officer)
    client = Client()
    _password(client, "priya")
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    for n in range(1, 6):
        response = _verify(client, wrong if n % 2 else "notacode")
        assert response.status_code == (429 if n == 5 else 200), n
    assert "paused for 15 minutes" in response.content.decode()
    assert "ask a portal administrator to reset" in response.content.decode()

    # The right code is refused too during the pause, from any session.
    response = _verify(client, _code(device))
    assert response.status_code == 429
    assert _sends_to_second_step(client.get("/"))
    other = Client()
    _password(other, "priya", address="203.0.113.9")
    assert _verify(other, _code(device)).status_code == 429
    assert TOTPDevice.objects.get(pk=device.pk).last_used_at is None

    # Another account is not affected.
    colleague = make_user(Role.OFFICER, username="alex")
    colleague_device = app_device_for(colleague)
    third = Client()
    _password(third, "alex")
    assert _verify(third, _code(colleague_device)).status_code == 302

    # An administrator's reset ends the pause along with the device.
    twofactor.two_factor_reset(user=officer, by=None)
    assert _sends_to_second_step(client.get("/"))
    assert client.get(reverse("two_factor_verify"))["Location"].startswith(
        reverse("two_factor_enrol")
    )
    assert client.post(reverse("two_factor_enrol"), {"code": "000000"}).status_code == 200


def test_each_wrong_code_makes_the_next_wait_longer(make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after one wrong code
    officer = make_user(Role.OFFICER, username="priya")
    device = app_device_for(officer)
    client = Client()
    _password(client, "priya")
    assert _verify(client, f"{(int(_code(device)) + 1) % 1_000_000:06d}").status_code == 200
    response = _verify(client, _code(device))
    assert response.status_code == 429
    assert re.search(r"Wait \d+ seconds before trying another code", response.content.decode())
    assert _sends_to_second_step(client.get("/"))
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


# --- reset and the profile -----------------------------------------------------------------


def test_an_administrator_resets_a_lost_device_and_the_officer_sets_up_again(
    make_user, administrator
):
    officer = make_user(Role.OFFICER, username="priya", name="Priya Shah")
    officer_client = Client()
    officer_client.force_login(officer)  # signed in with password and app
    assert officer_client.get("/").status_code == 200
    twofactor.backup_codes_issue(user=officer)

    admin = Client()
    admin.force_login(administrator)
    changelist = reverse("admin:portal_twofactoraccount_changelist")
    page = admin.get(changelist + "?enrolled=yes").content.decode()
    assert "priya" in page and "Reset two-factor sign-in" in page
    response = admin.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [officer.pk]}, follow=True
    )
    assert "Two-factor sign-in reset for priya" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()
    event = SignInEvent.objects.get(kind=Kind.TWO_FACTOR_RESET)
    assert event.user == officer and event.by == administrator

    # The officer's session, verified with the old app, no longer counts: set up again.
    response = officer_client.get("/partnerships/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_enrol"))
    key = _key_in(officer_client)
    response = officer_client.post(reverse("two_factor_enrol"), {"code": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert officer_client.get("/partnerships/").status_code == 200


def test_only_administrators_may_reset(make_user):
    staff_officer = make_user(Role.OFFICER, username="olu", is_staff=True)
    client = Client()
    client.force_login(staff_officer)
    changelist = reverse("admin:portal_twofactoraccount_changelist")
    assert client.get(changelist).status_code == 403  # no view permission on the list


def test_the_profile_shows_the_state_and_makes_new_backup_codes(make_user, board_member, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    officer = make_user(Role.OFFICER, username="priya")
    client = Client()
    client.force_login(officer)
    old = twofactor.backup_codes_issue(user=officer)
    page = client.get(reverse("partnerships:profile")).content.decode()
    assert "On: you sign in with your password and a code" in page
    assert "You have 10 backup codes left" in page

    assert client.get(reverse("two_factor_backup_codes_new")).status_code == 405
    response = client.post(reverse("two_factor_backup_codes_new"), follow=True)
    page = response.content.decode()
    assert "Your backup codes" in page
    new = [c.replace(" ", "") for c in re.findall(r'<li class="col mb-1">(\w{4} \w{4})</li>', page)]
    assert len(new) == 10 and not set(new) & set(old)
    assert 'href="/partnerships/me/"' in page
    assert SignInEvent.objects.filter(kind=Kind.BACKUP_CODES_ISSUED, user=officer).exists()

    fresh = Client()
    _password(fresh, "priya")
    assert _verify(fresh, old[0]).status_code == 200  # the old codes stopped working
    assert _verify(fresh, new[0]).status_code == 302

    member = Client()
    member.force_login(board_member)
    assert (
        "Your role signs in with a password only"
        in member.get(reverse("partnerships:profile")).content.decode()
    )
