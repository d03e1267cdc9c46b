"""Before the next migration's constraints (one current relationship of a type between two
people, one birth mother and one birth father, one current school, GP practice and grant of
parental responsibility per holder): copies made by a form sent twice are ended the day they
started (a copy of a birth parent, which never ends, is deleted); a second current row that
differs from the first stops the migration, naming both (thinkfamily.core.one_current_migration)."""

from django.db import migrations
from django.db.models import Q

from thinkfamily.core import one_current_migration
from thinkfamily.core.one_current_migration import ended_the_day_it_started


def end_copies(apps, schema_editor):
    Relationship = apps.get_model("people", "Relationship")
    SchoolEnrolment = apps.get_model("people", "SchoolEnrolment")
    GPRegistration = apps.get_model("people", "GPRegistration")
    ParentalResponsibility = apps.get_model("people", "ParentalResponsibility")
    resolve = one_current_migration.resolve
    birth_parents = Q(type__in=["mother", "father"])
    resolve(Relationship, group=["person", "type"], open_rows=Relationship.objects.filter(birth_parents),
            delete_copies=True, what="birth parent relationship")
    resolve(Relationship, group=["person", "relative", "type"],
            open_rows=Relationship.objects.filter(~birth_parents, end_date__isnull=True),
            end=ended_the_day_it_started, what="relationship")
    resolve(SchoolEnrolment, group=["person"], open_rows=SchoolEnrolment.objects.filter(end_date__isnull=True),
            end=ended_the_day_it_started, what="school enrolment")
    resolve(GPRegistration, group=["person"], open_rows=GPRegistration.objects.filter(end_date__isnull=True),
            end=ended_the_day_it_started, what="GP registration")
    current_pr = ParentalResponsibility.objects.filter(end_date__isnull=True)
    resolve(ParentalResponsibility, group=["child", "holder"], open_rows=current_pr.filter(holder__isnull=False),
            end=ended_the_day_it_started, what="parental responsibility")
    resolve(ParentalResponsibility, group=["child", "holder_organisation"],
            open_rows=current_pr.filter(holder_organisation__isnull=False),
            end=ended_the_day_it_started, what="parental responsibility")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_nhs_number_10_ascii_digits")]

    operations = [migrations.RunPython(end_copies, migrations.RunPython.noop)]
