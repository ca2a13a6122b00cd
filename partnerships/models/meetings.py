"""Meetings of boards, their agenda items (exempt ones under Schedule 12A) and their agenda
packs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .reports import (  # noqa: F401  (migration 0001 refers to appendix_path here)
    Report,
    appendix_path,
)

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
