"""What happens at and after a meeting: attendance, declarations of interest, votes, the minutes,
actions arising, and key decisions on the forward plan."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .meetings import AgendaItem, Meeting

# The Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England)
# Regulations 2012, reg. 9: a key decision is on the forward plan 28 clear days before it is taken.
KEY_DECISION_NOTICE_DAYS = 28


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
