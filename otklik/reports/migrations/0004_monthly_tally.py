"""SQLite: the monthly tallies of feedback, kept by triggers, for the dashboard (`otklik.reports.tallies`)."""

from django.db import migrations

from otklik.reports import tallies


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL: from 0008
        tallies.rebuild(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        tallies.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_search_vector"), ("intake", "0006_period_figures_with_id")]

    operations = [migrations.RunPython(forward, backward)]
