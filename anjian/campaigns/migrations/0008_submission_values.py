from django.db import migrations, models


def fill(apps, schema_editor):
    """Each signed submission's values by cell key, read from its cells."""
    Submission = apps.get_model("campaigns", "Submission")
    for submission in Submission.objects.only("cells").iterator(chunk_size=500):
        submission.values = {row["key"]: row["value"] for row in submission.cells}
        submission.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_task_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="values",
            field=models.JSONField(default=dict, editable=False, verbose_name="values"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
