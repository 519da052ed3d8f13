"""Every unit gets the token of its public page (the QR code on its signboard): added empty, filled a batch at a
time with fresh random tokens, then made unique and required."""

from django.db import migrations, models

import anjian.registry.models

BATCH = 2000


def fill(apps, schema_editor):
    Enterprise = apps.get_model("registry", "Enterprise")
    taken: set[str] = set()
    batch = []
    for unit in Enterprise.objects.filter(public_token__isnull=True).only("pk").iterator(chunk_size=BATCH):
        token = anjian.registry.models.new_public_token()
        while token in taken:
            token = anjian.registry.models.new_public_token()
        taken.add(token)
        unit.public_token = token
        batch.append(unit)
        if len(batch) >= BATCH:
            Enterprise.objects.bulk_update(batch, ["public_token"])
            batch = []
    Enterprise.objects.bulk_update(batch, ["public_token"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_enterprise_established_on")]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="public_token",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="public page token"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enterprise",
            name="public_token",
            field=models.CharField(
                default=anjian.registry.models.new_public_token,
                editable=False,
                max_length=10,
                unique=True,
                verbose_name="public page token",
            ),
        ),
    ]
