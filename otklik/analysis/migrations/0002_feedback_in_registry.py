"""The registry's records now belong to their own app: the link to them is the same column, only Django's
idea of where the record lives changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="label",
                    name="feedback",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="labels", to="registry.feedback"),
                ),
            ],
            database_operations=[],
        ),
    ]
