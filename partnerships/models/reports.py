"""Officer reports (the cover sheet and body of documents 001, 002 and 004) and their appendices."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal.html import sanitise


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports ``user`` may read (``partnerships.view_report``) as a queryset: on an
        agenda, of a partnership they may open; exempt ones only for officers and the board's
        current members; drafts and papers not yet published only for those who keep the
        partnership; and everything past draft for the officers who sign reports off.
        tests/partnerships/test_report_readable.py holds it to the rule for every role."""
        from portal.permissions import is_administrator, is_staff_role

        from ..permissions import gives_a_signoff, visible_to
        from .boards import Membership
        from .partnerships import Partnership

        if user.is_superuser:  # passes every rule
            return self.all()
        on_agenda = self.filter(agenda_item__isnull=False)
        if is_administrator(user):
            return on_agenda
        readable = visible_to(on_agenda, user)
        if not is_staff_role(user):
            sits = Membership.objects.current().filter(
                user_id=user.pk, board_id=models.OuterRef("agenda_item__meeting__board_id")
            )
            readable = readable.filter(Q(agenda_item__exempt=False) | models.Exists(sits))
        readable = readable.filter(
            Q(status=Report.Status.PUBLISHED)
            | Q(agenda_item__meeting__board__partnership__in=Partnership.objects.kept_by(user))
        )
        if is_staff_role(user) and gives_a_signoff(user):
            return on_agenda.filter(
                Q(pk__in=readable.values("pk")) | ~Q(status=Report.Status.DRAFT)
            )
        return readable


class Report(models.Model):
    """An officer report: the cover sheet of document 002 and the body of documents 001/004."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CLEARED = "cleared", "Cleared"
        PUBLISHED = "published", "Published"

    BODY_FIELDS = ("summary", "reasons", "options", "background")
    IMPLICATIONS = (
        ("legal", "Legal"),
        ("financial", "Financial"),
        ("human_resources", "Human resources"),
        ("equality", "Equality"),
        ("rural", "Rural communities"),
        ("public_health", "Public health"),
        ("risk", "Risk management"),
    )

    # Cover sheet
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    purpose = models.TextField("document purpose", blank=True)
    decision_required = models.TextField("decision or action required", blank=True)
    report_of = models.CharField(
        "report of",
        max_length=200,
        blank=True,
        help_text="The senior officer whose report it is, with their post.",
    )
    wards_affected = models.CharField(max_length=300, blank=True)
    key_decision_ref = models.CharField(
        "key decision reference",
        max_length=50,
        blank=True,
        help_text="The forward plan's reference, if this is a key decision.",
    )
    author = models.CharField(max_length=150)
    contact_details = models.CharField(max_length=300, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    target_audience = models.CharField(max_length=200, blank=True)
    circulation = models.CharField("circulation list", max_length=300, blank=True)
    cross_reference = models.CharField(max_length=300, blank=True)
    # Body (rich text, sanitised on save)
    summary = models.TextField("report summary", blank=True)
    recommendations = models.TextField(
        blank=True, help_text="One recommendation a line; the pack numbers them."
    )
    reasons = models.TextField("reasons for recommendations", blank=True)
    options = models.TextField("other options considered", blank=True)
    background = models.TextField(blank=True)
    legal = models.TextField("legal implications", blank=True, help_text="Blank means none.")
    financial = models.TextField("financial implications", blank=True)
    human_resources = models.TextField("human resources implications", blank=True)
    equality = models.TextField("equality implications", blank=True)
    rural = models.TextField("rural communities implications", blank=True)
    public_health = models.TextField("public health implications", blank=True)
    risk = models.TextField("risk management implications", blank=True)
    background_papers = models.TextField(blank=True)
    live_sections = models.JSONField(
        default=list,
        blank=True,
        help_text="Tables drawn from the portal's records, shown after the background.",
    )
    # Clearance
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="written by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started the report in the portal: they cannot sign it off.",
    )
    # Each sign-off is given by a person holding its role (partnerships.clearance), who is
    # kept with their name and post as they were then, the time and their comment.
    finance_signoff = models.CharField("finance sign-off by", max_length=150, blank=True)
    finance_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="finance signed off by (user)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finance_signed_at = models.DateTimeField("finance signed off at", null=True, blank=True)
    finance_comment = models.TextField("finance sign-off comment", blank=True)
    legal_signoff = models.CharField("legal sign-off by", max_length=150, blank=True)
    legal_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="legal signed off by (user)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_signed_at = models.DateTimeField("legal signed off at", null=True, blank=True)
    legal_comment = models.TextField("legal sign-off comment", blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"])
                | (~Q(finance_signoff="") & ~Q(legal_signoff="")),
                name="cleared_report_has_signoffs",
                violation_error_message="A cleared report needs its finance and legal sign-offs.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:report_detail", args=[self.pk])

    def clean(self):
        for field in (
            *self.BODY_FIELDS,
            *(name for name, _ in self.IMPLICATIONS),
            "background_papers",
        ):
            setattr(self, field, sanitise(getattr(self, field)))

    @property
    def partnership(self):
        item = getattr(self, "agenda_item", None)
        return item.meeting.board.partnership if item else None

    @property
    def exempt(self) -> bool:
        item = getattr(self, "agenda_item", None)
        return bool(item and item.exempt)

    @property
    def recommendation_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.recommendations.splitlines() if line.strip()]

    @property
    def implications(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in self.IMPLICATIONS]

    @property
    def in_packs(self) -> bool:
        return self.status in (self.Status.CLEARED, self.Status.PUBLISHED)

    def content_fields(self) -> list[str]:
        """The fields whose change after clearance sends the report back to submitted."""
        skip = {"id", "status", "written_by_id", *self.SIGNOFF_FIELDS, "cleared_at", "updated_at"}
        return [f.attname for f in self._meta.concrete_fields if f.attname not in skip]

    SIGNOFF_FIELDS = tuple(
        f"{kind}_{part}"
        for kind in ("finance", "legal")
        for part in ("signoff", "signed_by_id", "signed_at", "comment")
    )

    def clear_signoffs(self) -> None:
        """Void both sign-offs: what they signed has changed."""
        for kind in ("finance", "legal"):
            setattr(self, f"{kind}_signoff", "")
            setattr(self, f"{kind}_signed_by", None)
            setattr(self, f"{kind}_signed_at", None)
            setattr(self, f"{kind}_comment", "")
        self.cleared_at = None


def appendix_path(instance, filename):
    return f"appendices/{instance.report_id}/{filename}"


class Appendix(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=appendix_path, help_text="A PDF file.")
    order = models.PositiveSmallIntegerField(default=1)
    tagged = models.BooleanField(
        "accessible (tagged PDF)",
        null=True,
        editable=False,
        help_text="Whether the file is a tagged PDF that a screen reader can follow; "
        "empty until the file has been read.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name_plural = "appendices"

    def __str__(self):
        return f"Appendix {self.letter}: {self.title}"

    def save(self, *args, **kwargs):
        # Read once, when a file is uploaded: whether the pack can carry its own tags, or
        # the meeting page must say it is not accessible.
        if self.file and (self.tagged is None or not self.file._committed):
            from ..pdfsafe import pdf_is_tagged

            if self.file._committed:
                with self.file.storage.open(self.file.name, "rb") as stored:
                    data = stored.read()
            else:
                self.file.seek(0)
                data = self.file.read()
                self.file.seek(0)
            self.tagged = pdf_is_tagged(data)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.report.get_absolute_url()

    @property
    def partnership(self):
        return self.report.partnership

    @property
    def letter(self) -> str:
        return chr(ord("A") + max(self.order, 1) - 1) if self.order <= 26 else str(self.order)

    def clean(self):
        if self.file:
            limit = settings.PORTAL_APPENDIX_MAX_BYTES
            if self.file.size > limit:
                raise ValidationError(
                    {
                        "file": f"The file is {self.file.size / 1048576:.1f} MB; the limit is "
                        f"{limit / 1048576:.0f} MB."
                    }
                )
            self.file.seek(0)
            head = self.file.read(5)
            self.file.seek(0)
            if head != b"%PDF-":
                raise ValidationError({"file": "This is not a PDF file. Save it as PDF first."})
