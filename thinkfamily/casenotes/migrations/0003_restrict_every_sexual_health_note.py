"""Every case note by a restricted service (sexual health) is restricted (issue 11 #5, R2.4):
until now the restriction was a box its author could untick. Notes written unrestricted by
such a service are restricted now; only sharing, with a reason, opens one to another service."""

from django.db import migrations

RESTRICTED_KINDS = ["sexual_health"]  # organisations.Service.RESTRICTED_KINDS when this was written


def restrict(apps, schema_editor):
    CaseNote = apps.get_model("casenotes", "CaseNote")
    CaseNote.objects.filter(service__kind__in=RESTRICTED_KINDS, restricted=False).update(restricted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("casenotes", "0002_case_note_times_from_the_application_clock"),
    ]

    operations = [migrations.RunPython(restrict, migrations.RunPython.noop)]
