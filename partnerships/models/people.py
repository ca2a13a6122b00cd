import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.crypto import get_random_string
from simple_history.models import HistoricalRecords

from portal.permissions import is_board_member, is_partner_contact

from ..permissions import can_view_all_organisations

# England and Wales charities have a 6 or 7 digit number; Scotland's start SC, Northern
# Ireland's NIC (or the older XN/XR numbers HMRC gave them).
CHARITY_NUMBER_RE = re.compile(r"^(\d{6,7}|SC\d{6}|NIC\d{6}|X[NR]\d{5})$")
# Companies House numbers: eight characters, all digits or a two-letter prefix (SC, NI, OC …).
COMPANY_NUMBER_RE = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")


def normalise_register_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations ``partnerships.view_organisation`` lets this user see: what each
        of their roles may see, together."""
        if can_view_all_organisations(user):
            return self
        visible = Q(pk__in=[])
        if is_board_member(user):
            visible |= Q(active=True)
        if is_partner_contact(user) and user.organisation_id:
            visible |= Q(pk=user.organisation_id)
        return self.filter(visible)

    def for_list(self):
        """The organisation list page: each row needs nothing beyond its own columns."""
        return self.order_by("name")


class Organisation(models.Model):
    class Sector(models.TextChoices):
        PUBLIC = "public", "Public sector"
        VCFS = "vcfs", "Voluntary, community and faith sector"
        PRIVATE = "private", "Private sector"
        COMMUNITY = "community", "Community"

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        TOWN_PARISH_COUNCIL = "town_parish_council", "Town or parish council"
        POLICE = "police", "Police"
        POLICE_AUTHORITY = "police_authority", "Police authority"
        FIRE_RESCUE = "fire_rescue", "Fire and rescue"
        NHS = "nhs", "NHS"
        PROBATION = "probation", "Probation"
        COURTS = "courts", "Courts"
        EDUCATION = "education", "Education"
        HOUSING = "housing", "Housing"
        INFRASTRUCTURE = "infrastructure", "Infrastructure body"
        VOLUNTARY = "voluntary", "Voluntary organisation"
        FAITH = "faith", "Faith group"
        BME = "bme", "BME group"
        COMMUNITY_GROUP = "community_group", "Community group"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "An organisation with this name is already in the register."},
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        help_text="Registered charity number, e.g. 1104525, SC012345 or NIC100002.",
    )
    company_number = models.CharField(
        max_length=12,
        blank=True,
        help_text="Companies House number: eight characters, e.g. 04325234 or SC123456.",
    )
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    active = models.BooleanField(
        default=True, help_text="Untick when the organisation is no longer a partner."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["charity_number"],
                condition=~Q(charity_number=""),
                name="organisation_unique_charity_number",
                violation_error_message="Another organisation already has this charity number.",
            ),
            models.UniqueConstraint(
                fields=["company_number"],
                condition=~Q(company_number=""),
                name="organisation_unique_company_number",
                violation_error_message="Another organisation already has this company number.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])

    def clean(self):
        self.charity_number = normalise_register_number(self.charity_number)
        self.company_number = normalise_register_number(self.company_number)
        errors = {}
        if self.charity_number and not CHARITY_NUMBER_RE.match(self.charity_number):
            errors["charity_number"] = (
                "Enter a charity number as registered: 6 or 7 digits (England and Wales), "
                "SC and 6 digits (Scotland) or NIC and 6 digits (Northern Ireland)."
            )
        if self.company_number and not COMPANY_NUMBER_RE.match(self.company_number):
            errors["company_number"] = (
                "Enter a Companies House number: 8 digits, or 2 letters and 6 digits."
            )
        others = Organisation.objects.exclude(pk=self.pk)
        if (
            "charity_number" not in errors
            and self.charity_number
            and others.filter(charity_number=self.charity_number).exists()
        ):
            errors["charity_number"] = "Another organisation already has this charity number."
        if (
            "company_number" not in errors
            and self.company_number
            and others.filter(company_number=self.company_number).exists()
        ):
            errors["company_number"] = "Another organisation already has this company number."
        if errors:
            raise ValidationError(errors)

    @property
    def org_id(self) -> str:
        """The org-id.guide identifier 360Giving uses for this organisation, where it has one."""
        if self.charity_number:
            if self.charity_number.startswith("SC"):
                return f"GB-SC-{self.charity_number}"
            if self.charity_number.startswith("NIC"):
                return f"GB-NIC-{self.charity_number[3:]}"
            return f"GB-CHC-{self.charity_number}"
        if self.company_number:
            return f"GB-COH-{self.company_number}"
        return ""


class UserQuerySet(models.QuerySet):
    def officers(self):
        """Active people holding the officer or administrator role: those who may lead or
        support a partnership (the roles ``portal.permissions.is_staff_role`` reads)."""
        from portal.roles import Role

        roles = User.groups.through.objects.filter(
            user_id=models.OuterRef("pk"), group__name__in=[Role.OFFICER, Role.ADMINISTRATOR]
        )
        return self.filter(Q(is_superuser=True) | Q(models.Exists(roles)), is_active=True)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: an officer, a board member, a partner's contact, an admin."""

    first_name = None
    last_name = None
    name = models.CharField("full name", max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The organisation this person works for or represents.",
    )
    phone = models.CharField(max_length=30, blank=True)
    # Part of every calendar address the person has (see calendar.py); replaced when their
    # password changes or they reset the address, so the old addresses stop working.
    calendar_secret = models.CharField(max_length=32, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_secret"])
    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email", "name"]

    class Meta:
        ordering = ["name", "username"]

    def __str__(self):
        return self.name or self.username

    def save(self, *args, **kwargs):
        if self._password is not None:  # a new password (not a re-hash of the same one)
            self.rotate_calendar_secret()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "calendar_secret"}
        super().save(*args, **kwargs)

    def rotate_calendar_secret(self) -> None:
        self.calendar_secret = get_random_string(32)

    def get_full_name(self):
        return self.name or self.username

    def get_short_name(self):
        return (self.name or self.username).split(" ")[0]
