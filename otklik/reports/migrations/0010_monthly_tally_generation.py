"""SQLite: the monthly tallies' triggers also count their changes (`generation`), which key the dashboard's
figures kept by a web process (`otklik.reports.tallies`)."""

from django.db import migrations

from otklik.reports import tallies


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        tallies.rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_monthly_tally_postgresql")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
