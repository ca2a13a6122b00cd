import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnerships.models import User
from portal.jobs import queue_on_commit
from portal.tasks import send_email

from .models import Award, MonitoringReturn

logger = logging.getLogger(__name__)

REMIND_BEFORE = datetime.timedelta(days=7)


def return_contacts(award: Award) -> list[str]:
    """Who is reminded: the recipient organisation's people with an address, or, for a
    partnership, its lead officer."""
    if award.recipient_organisation_id:
        emails = User.objects.filter(
            organisation_id=award.recipient_organisation_id, is_active=True
        ).exclude(email="")
        return sorted({e.lower() for e in emails.values_list("email", flat=True)})
    lead = award.recipient_partnership.lead_officer
    return [lead.email] if lead is not None and lead.email else []


def _unmark_reminder(pk: int, day: datetime.date):
    def unmark() -> None:
        MonitoringReturn.objects.filter(pk=pk, reminder_sent_on=day).update(reminder_sent_on=None)

    return unmark


@shared_task(soft_time_limit=300, time_limit=360, ignore_result=True)
def returns_remind() -> int:
    """Daily: e-mail a reminder for each monitoring return due within a week or overdue, once
    per return (the date sent is recorded, so running this twice sends nothing more)."""
    today = timezone.localdate()
    due = (
        MonitoringReturn.objects.outstanding()
        .filter(reminder_sent_on__isnull=True, due_date__lte=today + REMIND_BEFORE)
        .select_related(
            "award",
            "award__recipient_organisation",
            "award__recipient_partnership__lead_officer",
        )
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            mr = due.select_for_update(of=("self",)).filter(pk=pk).first()
            if mr is None:  # received, or reminded by another run, meanwhile
                continue
            recipients = return_contacts(mr.award)
            mr.reminder_sent_on = today
            mr.save(update_fields=["reminder_sent_on"])
            if not recipients:
                logger.warning("No one to remind about monitoring return %s", mr.pk)
                continue
            link = settings.PORTAL_BASE_URL.rstrip("/") + mr.get_absolute_url()
            state = "was due" if mr.due_date < today else "is due"
            queue_on_commit(
                send_email,
                subject=f"Monitoring return {state} {mr.due_date:%-d %B %Y}: {mr.award.title}",
                body=(
                    f"The monitoring return for {mr.award.title} ({mr.award.recipient_name}), "
                    f"covering the period to {mr.period_end:%-d %B %Y}, {state} on "
                    f"{mr.due_date:%-d %B %Y}.\n\nPlease give your spend to date and evidence "
                    f"against each outcome here: {link}\n"
                ),
                to=recipients,
                # Not on the queue: the award's page must not say it was sent, and
                # tomorrow's run tries again.
                if_not_queued=_unmark_reminder(mr.pk, today),
            )
            sent += 1
    return sent
