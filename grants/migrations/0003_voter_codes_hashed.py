"""Voter codes are kept as a keyed hash, not as the code itself (existing codes keep working)."""

from django.db import migrations, models


def hash_existing_codes(apps, schema_editor):
    from grants.models.pb import hash_code

    VoterCode = apps.get_model("grants", "VoterCode")
    for voter_code in VoterCode.objects.only("pk", "code").iterator():
        VoterCode.objects.filter(pk=voter_code.pk).update(code_hash=hash_code(voter_code.code))


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0002_remind_monitoring_returns_daily"),
    ]

    operations = [
        migrations.AddField(
            model_name="votercode",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # The codes cannot be recovered from their hashes, so there is no way back.
        migrations.RunPython(hash_existing_codes, elidable=True),
        migrations.RemoveField(model_name="votercode", name="code"),
        migrations.AlterField(
            model_name="votercode",
            name="code_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
