"""Before the next migration's constraints (one open assessment of each kind per child, one
SDQ per child, date and informant, one immunisation per vaccine and day): a second row stops
the migration, naming both (thinkfamily.core.one_current_migration). None of these is ended
or deleted automatically: an assessment may have steps recorded against either copy, and an
SDQ score or an immunisation is a fact that someone must check against its source."""

from django.db import migrations
from django.db.models.functions import Lower

from thinkfamily.core import one_current_migration


def check_for_copies(apps, schema_editor):
    HealthAssessment = apps.get_model("lac", "HealthAssessment")
    SDQScore = apps.get_model("lac", "SDQScore")
    Immunisation = apps.get_model("lac", "Immunisation")
    resolve = one_current_migration.resolve
    resolve(HealthAssessment, group=["child", "kind"],
            open_rows=HealthAssessment.objects.filter(completed_on__isnull=True, closed_on__isnull=True),
            what="open health assessment")
    resolve(SDQScore, group=["child", "completed_on", "informant"], open_rows=SDQScore.objects.all(),
            what="SDQ score")
    resolve(Immunisation, group=["child", "vaccine_key", "given_on"],
            open_rows=Immunisation.objects.annotate(vaccine_key=Lower("vaccine")), what="immunisation")


class Migration(migrations.Migration):
    dependencies = [("lac", "0001_looked_after_childrens_health")]

    operations = [migrations.RunPython(check_for_copies, migrations.RunPython.noop)]
