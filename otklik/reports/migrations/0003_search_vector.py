"""PostgreSQL: the search index over a stored tsvector instead of an expression.

Over the expression `to_tsvector('simple', lemmas)` every row a search touches had its lemmas parsed again:
each recheck of a lossy bitmap page and each row of a page filtered by a search. With the vector stored
beside the lemmas (a generated column, so every writer keeps it right without knowing of it) a check is a
read. SQLite keeps its FTS5 table and needs nothing here.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE reports_searchdocument ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, lemmas)) STORED",
    "CREATE INDEX reports_search_vector_gin ON reports_searchdocument USING gin (vector)",
    "DROP INDEX IF EXISTS reports_search_gin",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX reports_search_gin ON reports_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, lemmas))",
    "DROP INDEX IF EXISTS reports_search_vector_gin",
    "ALTER TABLE reports_searchdocument DROP COLUMN vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_search_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
