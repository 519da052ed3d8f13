"""The daily audit upkeep: security log retention and the sign-off chains' check."""

from django.db import migrations


ADDED = {"audit_upkeep": 1440}


def seed(apps, schema_editor):
    ScheduledScan = apps.get_model("notifications", "ScheduledScan")
    for code, minutes in ADDED.items():
        ScheduledScan.objects.get_or_create(code=code, defaults={"every_minutes": minutes})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_default_schedule")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
