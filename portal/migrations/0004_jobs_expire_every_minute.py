"""Sweep for jobs whose worker died every minute, not every five: with leases of about a
minute, a person then sees such a job as failed within two minutes or so."""

from django.db import migrations
from django.utils import timezone

EXPIRE_TASK = "portal.tasks.jobs_expire"
DESCRIPTION = (
    "Running past their deadline, running with a lease their worker stopped renewing "
    "(it died), or never picked up by a worker."
)


def _reschedule(apps, *, every: int, description: str, expire_seconds: int | None) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=every, period="minutes")
    # A sweep still queued when the next one is due is dropped: it would only repeat it.
    PeriodicTask.objects.filter(task=EXPIRE_TASK).update(
        interval=interval, description=description, expire_seconds=expire_seconds
    )
    # A beat that is running reloads its schedule when this changes (signals do not fire here).
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def every_minute(apps, schema_editor):
    _reschedule(apps, every=1, description=DESCRIPTION, expire_seconds=60)


def every_five_minutes(apps, schema_editor):
    _reschedule(
        apps,
        every=5,
        description="Running past their deadline, or never picked up by a worker.",
        expire_seconds=None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_job_lease"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(every_minute, every_five_minutes)]
