"""The hourly check that publishes agenda packs when their publication day comes."""

from django.db import migrations

TASK = "partnerships.tasks.packs_publish_due"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name="Publish agenda packs that are due",
        defaults={
            "task": TASK,
            "interval": hourly,
            "description": "Builds and publishes each meeting's pack on its publication day "
            "(the board's lead time in clear working days) and e-mails the members.",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_meetings_reports_packs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
