"""The record's `received_at` in the search index, and on PostgreSQL its btree index and a trigger that keeps
it in step with the registry (`otklik.reports.search.matching_ids_sql`)."""

from django.db import migrations, models

POSTGRES_FORWARD = [
    "UPDATE reports_searchdocument AS s SET received_at = f.received_at "
    "FROM intake_feedback AS f WHERE f.id = s.feedback_id",
    "CREATE INDEX reports_search_received ON reports_searchdocument (received_at)",
    """CREATE FUNCTION reports_search_follow_received() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE reports_searchdocument SET received_at = NEW.received_at WHERE feedback_id = NEW.id;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER reports_search_follow_received AFTER UPDATE OF received_at ON intake_feedback "
    "FOR EACH ROW WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at) "
    "EXECUTE FUNCTION reports_search_follow_received()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_search_follow_received ON intake_feedback",
    "DROP FUNCTION IF EXISTS reports_search_follow_received()",
    "DROP INDEX IF EXISTS reports_search_received",
]
SQLITE_FORWARD = [
    "UPDATE reports_searchdocument SET received_at = "
    "(SELECT f.received_at FROM intake_feedback AS f WHERE f.id = reports_searchdocument.feedback_id)",
    "CREATE TRIGGER reports_search_follow_received AFTER UPDATE OF received_at ON intake_feedback "
    "WHEN OLD.received_at IS NOT NEW.received_at BEGIN "
    "UPDATE reports_searchdocument SET received_at = NEW.received_at WHERE feedback_id = NEW.id; END",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS reports_search_follow_received"]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_monthly_tally")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="received_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="поступило"),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
