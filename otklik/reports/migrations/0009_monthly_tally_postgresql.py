"""PostgreSQL: the monthly tallies as rows of differences appended by statement triggers
(`otklik.reports.tallies`), so that the dashboard sums months instead of reading a quarter of the registry."""

from django.db import migrations

from otklik.reports import tallies


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        tallies.rebuild(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        tallies.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_feedback_in_registry"), ("registry", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
