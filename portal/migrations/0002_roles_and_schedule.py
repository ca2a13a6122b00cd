"""The portal's roles (as groups) and the scheduled housekeeping of background jobs."""

from django.db import migrations

ROLES = ["Administrator", "Officer", "Board member", "Partner contact"]
PURGE_TASK = "portal.tasks.jobs_purge"
EXPIRE_TASK = "portal.tasks.jobs_expire"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name="Delete old background jobs and their files",
        defaults={
            "task": PURGE_TASK,
            "crontab": nightly,
            "description": "Removes finished jobs (and exported files) past PORTAL_JOB_RETENTION_DAYS.",
        },
    )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Fail background jobs that will never finish",
        defaults={
            "task": EXPIRE_TASK,
            "interval": every_five_minutes,
            "description": "Running past their deadline, or never picked up by a worker.",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=[PURGE_TASK, EXPIRE_TASK]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
