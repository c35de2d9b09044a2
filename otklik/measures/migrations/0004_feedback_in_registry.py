"""The registry's records now belong to their own app: the link to them is the same column, only Django's
idea of where the record lives changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_measure_outcome"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="measure",
                    name="feedback",
                    field=models.ManyToManyField(blank=True, related_name="+", to="registry.feedback", verbose_name="отзывы и обращения"),
                ),
            ],
            database_operations=[],
        ),
    ]
