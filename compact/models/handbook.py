"""The Agreement and Protocols handbook: a living document of sections, each with versions
that move draft → consultation → endorsed → superseded."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class HandbookSection(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, help_text="Its place in the handbook.")
    title = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "The handbook already has a section with this title."},
    )
    purpose = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("compact:section_detail", args=[self.pk])


class SectionVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "Out to consultation"
        ENDORSED = "endorsed", "Endorsed"
        SUPERSEDED = "superseded", "Superseded"

    section = models.ForeignKey(HandbookSection, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    content = models.TextField(help_text="The section's text. Headings, lists and tables keep.")
    change_note = models.CharField(
        "what changed", max_length=300, blank=True, help_text="A line on what this version changes."
    )
    endorsed_on = models.DateField(null=True, blank=True)
    endorsed_at = models.ForeignKey(
        "partnerships.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsed_handbook_versions",
        help_text="The meeting where partners endorsed it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__number", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"],
                name="version_number_unique_in_section",
                violation_error_message="This section already has a version with this number.",
            ),
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(status="endorsed"),
                name="one_endorsed_version_per_section",
                violation_error_message="A section has one endorsed version at a time.",
            ),
            models.CheckConstraint(
                condition=~Q(status="endorsed") | Q(endorsed_on__isnull=False),
                name="endorsed_version_has_a_date",
                violation_error_message="An endorsed version needs the date it was endorsed.",
            ),
        ]

    def __str__(self):
        return f"{self.section} – version {self.number}"

    def get_absolute_url(self):
        return reverse("compact:version_detail", args=[self.pk])

    def clean(self):
        # The text is shown as HTML to everyone: whatever saves it (the pages, the admin)
        # keeps only the safe tags.
        from portal.html import sanitise

        self.content = sanitise(self.content)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CONSULTATION)
