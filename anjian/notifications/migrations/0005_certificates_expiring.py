"""The scans of the people and duties apps: certificates expiring, the duty calendar, duties due."""

from django.db import migrations

ADDED = {"certificates_expiring": 1440, "duties_generate": 1440, "duties_due": 720}


def seed(apps, schema_editor):
    ScheduledScan = apps.get_model("notifications", "ScheduledScan")
    for code, minutes in ADDED.items():
        ScheduledScan.objects.get_or_create(code=code, defaults={"every_minutes": minutes})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_audit_upkeep_choices")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
