"""Chain every audit event to the one before it by hash, then make the table append-only
with triggers (SQLite and PostgreSQL). Existing events are chained in id order first."""

from django.db import migrations, models

from thinkfamily.core import audit_chain


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    previous = audit_chain.GENESIS
    for sequence, event in enumerate(AuditEvent.objects.order_by("id").iterator(), start=1):
        event.sequence = sequence
        event.previous_hash = previous
        event.hash = audit_chain.event_hash(previous, audit_chain.values_of(event))
        event.save(update_fields=["sequence", "previous_hash", "hash"])
        previous = event.hash


def install_triggers(apps, schema_editor):
    audit_chain.install_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    audit_chain.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.AddField("auditevent", "sequence", models.PositiveBigIntegerField(null=True, editable=False)),
        migrations.AddField("auditevent", "previous_hash", models.CharField(max_length=64, default="", editable=False)),
        migrations.AddField("auditevent", "hash", models.CharField(max_length=64, null=True, editable=False)),
        migrations.AddField(
            "auditevent", "subject_id", models.CharField(blank=True, default="", max_length=64), preserve_default=False
        ),
        migrations.AlterField("auditevent", "object_id", models.CharField(blank=True, max_length=64)),
        migrations.AlterField("auditevent", "occurred_at", models.DateTimeField(db_index=True, editable=False)),
        migrations.AlterField("auditevent", "basis", models.CharField(blank=True, max_length=300)),
        migrations.AlterField(
            "auditevent",
            "action",
            models.CharField(
                choices=[
                    ("read", "Read"),
                    ("search", "Search"),
                    ("write", "Write"),
                    ("create", "Create"),
                    ("export", "Export"),
                    ("sign_in", "Sign in"),
                    ("refused", "Access refused"),
                    ("break_glass", "Break glass"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField("auditevent", "sequence", models.PositiveBigIntegerField(unique=True, editable=False)),
        migrations.AlterField("auditevent", "previous_hash", models.CharField(max_length=64, editable=False)),
        migrations.AlterField("auditevent", "hash", models.CharField(max_length=64, unique=True, editable=False)),
        migrations.AlterModelOptions("auditevent", {"ordering": ["-sequence"]}),
        migrations.AddIndex(
            "auditevent", models.Index(fields=["subject_id", "sequence"], name="audit_subject_sequence")
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
