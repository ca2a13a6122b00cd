import pytest
from django.core.management import CommandError, call_command

from partnerships import demo
from partnerships.models import Organisation, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("name", "sector", "kind", "active")),
        sorted(User.objects.values_list("username", "password", "name")),
        Organisation.history.count(),
        User.history.count(),
    )


def test_seed_demo_loads_the_partners_and_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    names = set(Organisation.objects.values_list("name", flat=True))
    for name in [
        "Cheshire East Council",
        "Cheshire West and Chester Council",
        "Cheshire Constabulary",
        "Cheshire Police Authority",
        "Cheshire Fire and Rescue Service",
        "NHS Western Cheshire",
        "Third Sector Assembly",
        "Carlisle City Council",
    ]:
        assert name in names
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out
    for username in ["admin", "officer", "member", "partner"]:
        user = User.objects.get(username=username)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert username in out
    assert User.objects.get(username="officer").has_perm("partnerships.add_organisation")
    assert not User.objects.get(username="member").has_perm("partnerships.add_organisation")


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_seed_demo_refuses_demo_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not Organisation.objects.exists() and not User.objects.exists()
    call_command("seed_demo", "--no-users")
    assert Organisation.objects.exists() and not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="officer").exists()
