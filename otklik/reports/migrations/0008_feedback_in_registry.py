"""The registry's records now belong to their own app: the link to them is the same column, only Django's
idea of where the record lives changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_monthly_tally_without_copies"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="feedback",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_document", serialize=False, to="registry.feedback"),
                ),
            ],
            database_operations=[],
        ),
    ]
