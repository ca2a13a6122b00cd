"""Monitoring returns an award's recipient owes, and the evidence sent with them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .awards import Award
from .funds import MONEY, ZERO

# Returns are chased only while an award is live: not before it is approved, nor once it is
# withdrawn or closed (closing an award is the officer's word that nothing more is expected).
UNCHASED_STATUSES = (Award.Status.PROPOSED, Award.Status.WITHDRAWN, Award.Status.CLOSED)


class MonitoringReturnQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The returns ``grants.view_return`` lets this user read: officers all; the members of
        the board that owns the fund; the recipient's contacts their own."""
        from partnerships.models import Membership
        from partnerships.models.partnerships import belonging
        from portal.permissions import has_any_role, is_partner_contact, is_staff_role

        if is_staff_role(user):
            return self
        if not has_any_role(user):
            return self.none()
        seats = Membership.objects.current().filter(
            user_id=user.pk, board_id=models.OuterRef("award__fund__board_id")
        )
        visible = models.Exists(seats)
        if is_partner_contact(user):
            visible |= models.Exists(
                belonging(user, models.OuterRef("award__recipient_partnership"))
            )
            if user.organisation_id:
                visible |= Q(award__recipient_organisation_id=user.organisation_id)
        return self.filter(visible)

    def outstanding(self):
        """Not received, on an award whose returns are still chased."""
        return self.filter(received_date__isnull=True).exclude(award__status__in=UNCHASED_STATUSES)

    def overdue(self, today=None):
        return self.outstanding().filter(due_date__lt=today or timezone.localdate())


class MonitoringReturn(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="returns")
    period_end = models.DateField(help_text="The last day the return reports on.")
    due_date = models.DateField()
    received_date = models.DateField(null=True, blank=True)
    spend_to_date = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    narrative = models.TextField("progress", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = MonitoringReturnQuerySet.as_manager()

    class Meta:
        ordering = ["award", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "period_end"],
                name="return_period_unique_in_award",
                violation_error_message="This award already has a return for that period.",
            )
        ]

    def __str__(self):
        return f"Monitoring return to {self.period_end:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("grants:return_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.received_date is None
            and self.due_date < timezone.localdate()
            and self.award.status not in UNCHASED_STATUSES
        )


class ReturnEvidence(models.Model):
    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="evidence"
    )
    outcome = models.ForeignKey(
        "partnerships.Outcome", on_delete=models.PROTECT, related_name="grant_evidence"
    )
    evidence = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["monitoring_return", "outcome__number"]
        verbose_name_plural = "return evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "outcome"],
                name="evidence_once_per_outcome",
                violation_error_message="This return already has evidence for that outcome.",
            )
        ]

    def __str__(self):
        return f"Evidence for {self.outcome}"
