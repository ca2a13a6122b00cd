"""Meetings of boards, their agenda items, officer reports with appendices, and agenda packs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.html import sanitise

# Part 1 of Schedule 12A to the Local Government Act 1972: the descriptions of exempt
# information, by paragraph.
SCHEDULE_12A_TEXT = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter arising "
    "between the authority or a Minister of the Crown and employees of, or office holders "
    "under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment "
    "a notice under or by virtue of which requirements are imposed on a person; or (b) to "
    "make an order or direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime.",
}
SCHEDULE_12A = [(n, f"Paragraph {n}: {text}") for n, text in SCHEDULE_12A_TEXT.items()]


# The Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England)
# Regulations 2012, reg. 9: a key decision is on the forward plan 28 clear days before it is taken.
KEY_DECISION_NOTICE_DAYS = 28


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        PACK_PUBLISHED = "pack_published", "Pack published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    # A meeting that took place: its minutes can be published and approve earlier ones, and
    # its members were expected at it. A cancelled meeting is never among them.
    HELD_STATUSES = (Status.HELD, Status.MINUTES_APPROVED)

    board = models.ForeignKey(
        "partnerships.Board", on_delete=models.CASCADE, related_name="meetings"
    )
    start = models.DateTimeField(help_text="Date and time, UK time.")
    venue = models.CharField(max_length=200, blank=True)
    online_link = models.URLField("online meeting link", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # The democratic services officer named on the pack's front sheet for questions about it.
    contact_officer = models.CharField(
        "contact officer",
        max_length=150,
        blank=True,
        help_text="Democratic services: who to ask about this meeting and its papers.",
    )
    contact_phone = models.CharField("contact officer's phone", max_length=30, blank=True)
    contact_email = models.EmailField("contact officer's e-mail", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_link=""),
                name="meeting_has_a_place",
                violation_error_message="Give a venue or an online meeting link.",
            )
        ]

    def __str__(self):
        return f"{self.board} – {timezone.localtime(self.start):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("partnerships:meeting_detail", args=[self.pk])

    def clean(self):
        if not self.venue and not self.online_link:
            raise ValidationError({"venue": "Give a venue or an online meeting link."})

    @property
    def partnership(self):
        return self.board.partnership

    @property
    def was_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def publication_date(self):
        from ..schedule import publication_date

        return publication_date(self.local_start.date(), self.board.pack_lead_days)

    @property
    def report_deadline(self):
        """The day by which reports for this meeting must be submitted for sign-off: the
        board's ``report_deadline_days`` working days before the publication date."""
        from ..schedule import working_days_before

        return working_days_before(self.publication_date, self.board.report_deadline_days)


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


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    exempt = models.BooleanField(
        "exempt (not public)",
        default=False,
        help_text="Exempt items go only into the restricted pack for members; the public "
        "agenda lists them by number, neutral title and paragraph.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        choices=SCHEDULE_12A,
        null=True,
        blank=True,
        help_text="The paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 "
        "the item's information falls under.",
    )
    public_title = models.CharField(
        "title shown to the public",
        max_length=300,
        blank=True,
        help_text="A neutral title for the public agenda, e.g. 'Contract award'. Blank: "
        "'Exempt item'.",
    )
    exemption_reason = models.CharField(
        "why it is exempt (for members)", max_length=300, blank=True
    )
    presenter = models.CharField(max_length=150, blank=True)
    report_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="report author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items_to_write",
        help_text="Who writes this item's report. They are e-mailed before the board's report "
        "deadline and again if it passes without the report submitted.",
    )
    reminder_sent_at = models.DateTimeField(
        "deadline reminder sent", null=True, blank=True, editable=False
    )
    overdue_sent_at = models.DateTimeField(
        "late-report reminder sent", null=True, blank=True, editable=False
    )
    minutes = models.PositiveSmallIntegerField("estimated minutes", null=True, blank=True)
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_item"
    )
    resolution = models.TextField(
        "decision (resolution)", blank=True, help_text="Recorded in the minutes after the meeting."
    )
    minute = models.TextField(
        "minute", blank=True, help_text="The record of the discussion, for the minutes."
    )
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_unique",
                violation_error_message="This meeting already has an item with that number.",
            ),
            models.CheckConstraint(
                condition=Q(exempt=False) | Q(exempt_paragraph__isnull=False),
                name="exempt_item_has_paragraph",
                violation_error_message="Choose the paragraph of Schedule 12A the item falls "
                "under.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + f"#item-{self.number}"

    @property
    def partnership(self):
        return self.meeting.board.partnership

    @property
    def shown_title(self) -> str:
        """The title the public sees: an exempt item's neutral title."""
        return (self.public_title or "Exempt item") if self.exempt else self.title

    @property
    def paragraph_text(self) -> str:
        return SCHEDULE_12A_TEXT.get(self.exempt_paragraph, "")

    @property
    def vote_recorded(self) -> bool:
        return any(
            v is not None for v in (self.votes_for, self.votes_against, self.votes_abstained)
        )

    def clean(self):
        if self.exempt and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Choose the paragraph of Schedule 12A the item falls under."}
            )
        if not self.exempt:
            self.exempt_paragraph = None


class AgendaPackQuerySet(models.QuerySet):
    def being_built(self, now=None):
        """Packs a worker is building now: it is still renewing its lease."""
        return self.filter(
            state=AgendaPack.State.BUILDING, lease_expires_at__gte=now or timezone.now()
        )

    def not_being_built(self, now=None):
        """Packs a build may take: all but those being built now. A pack whose worker stopped
        mid-build (its lease ran out) is among them at once."""
        return self.exclude(
            state=AgendaPack.State.BUILDING, lease_expires_at__gte=now or timezone.now()
        )


class AgendaPack(models.Model):
    """One version of a meeting's pack: public, or restricted (with the exempt items)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    INTERRUPTED = (
        "The build was interrupted (its worker stopped) before it finished. Build it again."
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    version = models.PositiveSmallIntegerField(default=1)
    restricted = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(blank=True, max_length=300)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Renewed every few seconds by the worker building it (partnerships.packs.pack_build).
    # A pack still building once it has passed lost its worker, and is read as failed.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The papers a build could not render, as [{"item", "number", "title", "reason"}]: the pack
    # holds a page saying so in their place, and is published only once an officer confirms.
    failed_items = models.JSONField(default=list, blank=True, editable=False)
    lateness_reason = models.TextField(
        "reason the papers are late",
        blank=True,
        help_text="A supplement's statement of why its papers were not in the agenda pack.",
    )
    items = models.ManyToManyField(
        AgendaItem,
        blank=True,
        related_name="supplements",
        help_text="A supplement's late papers; the first pack holds the whole agenda.",
    )
    # Who built and published each version, and when; the worker's lease renewals are left out.
    history = HistoricalRecords(excluded_fields=["lease_expires_at", "started_at", "content_hash"])

    objects = AgendaPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version", "restricted"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version", "restricted"], name="one_pack_per_version"
            )
        ]

    def __str__(self):
        kind = "restricted" if self.restricted else "public"
        label = "pack" if self.version == 1 else f"supplement {self.version - 1}"
        return f"{self.meeting}: {kind} {label}"

    def get_absolute_url(self):
        return reverse("partnerships:pack_download", args=[self.pk])

    @property
    def partnership(self):
        return self.meeting.board.partnership

    @property
    def label(self) -> str:
        base = "Agenda pack" if self.version == 1 else f"Supplementary pack {self.version - 1}"
        return f"{base} ({'restricted' if self.restricted else 'public'})"

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.generated_at is not None

    @property
    def interrupted(self) -> bool:
        """Left building by a worker that stopped: no one has renewed its lease in time."""
        return self.state == self.State.BUILDING and (
            self.lease_expires_at is None or self.lease_expires_at < timezone.now()
        )

    @property
    def shown_state(self) -> str:
        """The state a person is shown: an interrupted build has failed, whatever the row says
        until the next build takes it."""
        return self.State.FAILED if self.interrupted else self.state

    @property
    def shown_state_label(self) -> str:
        return self.State(self.shown_state).label

    @property
    def build_failed(self) -> bool:
        return self.shown_state == self.State.FAILED

    @property
    def failure_message(self) -> str:
        return self.INTERRUPTED if self.interrupted else self.error


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        "partnerships.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    name = models.CharField(
        max_length=150,
        blank=True,
        help_text="For someone who is not a member: a substitute or a guest.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)
    substitute_for = models.ForeignKey(
        "partnerships.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substituted_by",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "status", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="one_attendance_per_member",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | ~Q(name=""),
                name="attendance_names_someone",
                violation_error_message="Choose a member or give a name.",
            ),
        ]

    def __str__(self):
        return f"{self.person_name}: {self.get_status_display().lower()}"

    @property
    def person_name(self) -> str:
        return self.membership.person_name if self.membership_id else self.name

    @property
    def partnership(self):
        return self.meeting.board.partnership


class Declaration(models.Model):
    """A declaration of interest in an agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    membership = models.ForeignKey(
        "partnerships.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declarations",
        help_text="The member who declared it (blank for someone not on the board).",
    )
    interest_entry = models.ForeignKey(
        "partnerships.Interest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
        verbose_name="registered interest",
    )
    member = models.CharField(max_length=150)
    interest = models.TextField(help_text="The interest and whether it is pecuniary.")
    left_the_room = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self):
        return f"{self.member} on item {self.item.number}"

    @property
    def partnership(self):
        return self.item.meeting.board.partnership


class Vote(models.Model):
    """A named vote on a decision item, where the board records who voted which way."""

    class Choice(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstained"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="named_votes")
    membership = models.ForeignKey(
        "partnerships.Membership", on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(max_length=10, choices=Choice.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "choice", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "membership"],
                name="one_vote_per_member_per_item",
                violation_error_message="This member's vote on the item is recorded already.",
            )
        ]

    def __str__(self):
        return f"{self.membership.person_name}: {self.get_choice_display().lower()}"

    @property
    def partnership(self):
        return self.item.meeting.board.partnership


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    notes = models.TextField(blank=True, help_text="Anything minuted beyond each item's decision.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        help_text="The meeting that approved these minutes.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the minutes went on the public site (as a draft, subject to approval, "
        "until approved).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def partnership(self):
        return self.meeting.board.partnership


class MeetingActionQuerySet(models.QuerySet):
    def visible(self, *, restricted: bool):
        """Actions on exempt items are for those who may read the restricted pack."""
        return self if restricted else self.exclude(item__exempt=True)

    def matters_arising_for(self, meeting):
        """Actions still open from earlier meetings of the same board."""
        return (
            self.filter(
                meeting__board_id=meeting.board_id,
                meeting__start__lt=meeting.start,
                status=MeetingAction.Status.OPEN,
            )
            .select_related("meeting", "item")
            .order_by("meeting__start", "pk")
        )


class MeetingAction(models.Model):
    """An action from the minutes: it comes back under "matters arising" until done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=150)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()
    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + "#actions"

    @property
    def partnership(self):
        return self.meeting.board.partnership


class KeyDecision(models.Model):
    """An entry in a board's forward plan: a key decision and when it will be taken."""

    board = models.ForeignKey(
        "partnerships.Board", on_delete=models.CASCADE, related_name="key_decisions"
    )
    title = models.CharField(max_length=300)
    decision_date = models.DateField()
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_decisions"
    )
    lead = models.CharField("lead officer", max_length=150, blank=True)
    listed_on = models.DateField(default=timezone.localdate, help_text="When it was first listed.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision_date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.board.get_absolute_url() + "#forward-plan"

    @property
    def partnership(self):
        return self.board.partnership

    @property
    def short_notice(self) -> bool:
        """Listed less than the forward plan's notice period before it is taken."""
        return (self.decision_date - self.listed_on).days < KEY_DECISION_NOTICE_DAYS
