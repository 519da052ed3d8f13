from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskassessment",
            name="authority",
            field=models.CharField(
                blank=True,
                choices=[
                    ("enterprise", "Enterprise"),
                    ("expert", "Expert"),
                    ("grid", "Grid"),
                    ("town", "Town"),
                    ("department", "Department or sector committee"),
                    ("county", "County"),
                ],
                max_length=12,
                verbose_name="assessing authority",
            ),
        ),
        migrations.AddField(
            model_name="riskassessment",
            name="lowered_reason",
            field=models.TextField(blank=True, verbose_name="reason for lowering the level"),
        ),
    ]
