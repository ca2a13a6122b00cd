"""The daily e-mail that reminds report authors of their board's report deadline, and chases
them once it has passed."""

from django.db import migrations
from django.utils import timezone

TASK = "partnerships.tasks.remind_report_authors"


def _bump(apps) -> None:
    # A beat that is running reloads its schedule when this changes (signals do not fire here).
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name="Remind report authors of their deadlines",
        defaults={
            "task": TASK,
            "crontab": morning,
            "description": "E-mails each agenda item's report author once when the board's "
            "report deadline is three working days away or nearer, and once when it has passed "
            "without the report submitted; records when each was sent.",
        },
    )
    _bump(apps)


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()
    _bump(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0016_user_officers_manager"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
