"""The default 5 × 5 risk matrix, so that programmes and risk logs can be scored at once."""

from django.db import migrations


def create(apps, schema_editor):
    from workprogramme import defaults

    RiskMatrix = apps.get_model("workprogramme", "RiskMatrix")
    RiskLevel = apps.get_model("workprogramme", "RiskLevel")
    if RiskMatrix.objects.filter(name=defaults.NAME).exists():
        return
    matrix = RiskMatrix.objects.create(
        name=defaults.NAME,
        version=1,
        likelihood_labels=defaults.LIKELIHOOD,
        impact_labels=defaults.IMPACT,
        grid=defaults.grid(),
        is_default=not RiskMatrix.objects.filter(is_default=True).exists(),
    )
    for level in defaults.LEVELS:
        RiskLevel.objects.create(matrix=matrix, **level)


def remove(apps, schema_editor):
    from workprogramme import defaults

    RiskMatrix = apps.get_model("workprogramme", "RiskMatrix")
    RiskMatrix.objects.filter(name=defaults.NAME, version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workprogramme", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
