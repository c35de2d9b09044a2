from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE reports_search_fts USING fts5("
    "lemmas, content='reports_searchdocument', content_rowid='feedback_id', tokenize='unicode61')",
    "CREATE TRIGGER reports_search_ai AFTER INSERT ON reports_searchdocument BEGIN "
    "INSERT INTO reports_search_fts(rowid, lemmas) VALUES (new.feedback_id, new.lemmas); END",
    "CREATE TRIGGER reports_search_ad AFTER DELETE ON reports_searchdocument BEGIN "
    "INSERT INTO reports_search_fts(reports_search_fts, rowid, lemmas) "
    "VALUES ('delete', old.feedback_id, old.lemmas); END",
    "CREATE TRIGGER reports_search_au AFTER UPDATE ON reports_searchdocument BEGIN "
    "INSERT INTO reports_search_fts(reports_search_fts, rowid, lemmas) "
    "VALUES ('delete', old.feedback_id, old.lemmas); "
    "INSERT INTO reports_search_fts(rowid, lemmas) VALUES (new.feedback_id, new.lemmas); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reports_search_au",
    "DROP TRIGGER IF EXISTS reports_search_ad",
    "DROP TRIGGER IF EXISTS reports_search_ai",
    "DROP TABLE IF EXISTS reports_search_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX reports_search_gin ON reports_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, lemmas))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS reports_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
