"""Tokens issued before hashing (DRF's authtoken table, keys in clear): each becomes a hashed token valid for the
configured days from now, and the clear keys are deleted."""

import hashlib

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from anjian.core.tokens import lifetime

    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("core", "ApiToken")
    now = timezone.now()
    rows = [
        ApiToken(
            user_id=t.user_id, name="API", key_hash=hashlib.sha256(t.key.encode()).hexdigest(), prefix=t.key[:8],
            created_at=t.created, expires_at=now + lifetime(),
        )
        for t in Token.objects.all()
    ]  # fmt: skip
    ApiToken.objects.bulk_create(rows, batch_size=1000)
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_api_tokens"), ("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
