"""The registry's records now belong to their own app: the link to them is the same column, only Django's
idea of where the record lives changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_routing_reasons_in_plain_russian"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="analysis",
                    name="feedback",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="analysis", to="registry.feedback", verbose_name="отзыв"),
                ),
            ],
            database_operations=[],
        ),
    ]
