"""Before one current flag of a type per person becomes a constraint (the next migration):
copies of a current flag made by a form sent twice are ended the day they started, with the
reason; a second current flag of the type that differs from the first stops the migration,
naming both (thinkfamily.core.one_current_migration says why)."""

from functools import partial

from django.db import migrations

from thinkfamily.core import one_current_migration


def end_copies(apps, schema_editor):
    Flag = apps.get_model("flags", "Flag")
    one_current_migration.resolve(
        Flag, group=["person", "type"], open_rows=Flag.objects.filter(end_date__isnull=True),
        end=partial(one_current_migration.ended_the_day_it_started, reason_field="end_reason"), what="flag",
    )


class Migration(migrations.Migration):
    dependencies = [("flags", "0005_lookup_nhs_number_10_ascii_digits")]

    operations = [migrations.RunPython(end_copies, migrations.RunPython.noop)]
