"""SQLite: the monthly tallies leave out the second copies of a publication, as the lists do."""

from django.db import migrations

from otklik.reports import tallies


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL: from 0008
        tallies.rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_export_jobs"), ("intake", "0009_feedback_tone_rule")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
