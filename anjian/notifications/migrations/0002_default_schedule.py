"""The default schedule: deadlines and supervision periods hourly, monthly reports every six hours."""

from django.db import migrations

DEFAULT_SCHEDULE = {"hazard_deadlines": 60, "supervision_periods": 60, "reports_due": 360}


def seed(apps, schema_editor):
    ScheduledScan = apps.get_model("notifications", "ScheduledScan")
    for code, minutes in DEFAULT_SCHEDULE.items():
        ScheduledScan.objects.get_or_create(code=code, defaults={"every_minutes": minutes})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
