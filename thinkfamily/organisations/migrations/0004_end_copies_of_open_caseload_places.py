"""Before one open caseload place per person, team and practitioner (or team) becomes a
constraint (the next migration): copies made twice are ended the day they started; a second
open place that differs stops the migration, naming both (thinkfamily.core.one_current_migration)."""

from django.db import migrations

from thinkfamily.core import one_current_migration


def end_copies(apps, schema_editor):
    CaseloadMembership = apps.get_model("organisations", "CaseloadMembership")
    open_places = CaseloadMembership.objects.filter(end_date__isnull=True)
    for group, rows in [
        (["person", "team", "practitioner"], open_places.filter(practitioner__isnull=False)),
        (["person", "team"], open_places.filter(practitioner__isnull=True)),
    ]:
        one_current_migration.resolve(CaseloadMembership, group=group, open_rows=rows,
                                      end=one_current_migration.ended_the_day_it_started, what="caseload place")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_contacts_directory")]

    operations = [migrations.RunPython(end_copies, migrations.RunPython.noop)]
