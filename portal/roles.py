"""The portal's roles. Each is a Django group, created by a data migration."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    OFFICER = "Officer", "Officer"
    BOARD_MEMBER = "Board member", "Board member"
    PARTNER_CONTACT = "Partner contact", "Partner contact"


def roles_of(user) -> set[str]:
    """The names of the roles a user holds, read once per request and kept on the user."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._portal_roles = cached
    return cached
