"""One index on the audit event's hash, not two (issue 16).

``hash`` was ``unique=True``, for which Django gives a PostgreSQL CharField two indexes: the
unique one and a ``varchar_pattern_ops`` one for LIKE, which nothing ever runs on a hash. At
ten million events the second costs about 1.2 GB and one more random index insert per
append. The field becomes a plain CharField with a UniqueConstraint ("audit_hash_unique").

On PostgreSQL the database keeps its unique index, renamed, and only the LIKE index is
dropped: nothing is rebuilt, however large the table. On SQLite there is no LIKE index and
the column's inline UNIQUE stays as it is; it enforces the same constraint."""

from django.db import migrations, models

TABLE = "core_auditevent"


def _hash_indexes(schema_editor) -> tuple[str | None, str | None]:
    """The names of the unique constraint and of the LIKE index on ``hash`` (PostgreSQL)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    unique = like = None
    for name, constraint in constraints.items():
        if constraint["columns"] != ["hash"]:
            continue
        if name.endswith("_like"):
            like = name
        elif constraint["unique"]:
            unique = name
    return unique, like


def one_index_on_hash(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    unique, like = _hash_indexes(schema_editor)
    quote = schema_editor.quote_name
    if like:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(like)}")
    if unique and unique != "audit_hash_unique":
        schema_editor.execute(f"ALTER TABLE {quote(TABLE)} RENAME CONSTRAINT {quote(unique)} TO audit_hash_unique")


def two_indexes_on_hash(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    unique = "core_auditevent_hash_f08202aa_uniq"  # the names Django gave them (0003)
    schema_editor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT audit_hash_unique TO {unique}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS core_auditevent_hash_f08202aa_like ON {TABLE} (hash varchar_pattern_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_checkpoint"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("auditevent", "hash", models.CharField(editable=False, max_length=64)),
                migrations.AddConstraint(
                    "auditevent", models.UniqueConstraint(fields=["hash"], name="audit_hash_unique")
                ),
            ],
            database_operations=[migrations.RunPython(one_index_on_hash, two_indexes_on_hash)],
        ),
    ]
