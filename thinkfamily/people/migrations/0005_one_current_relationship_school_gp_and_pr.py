from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0004_end_copies_of_current_rows'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='gpregistration',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('person',), name='one_current_gp_practice_per_person'),
        ),
        migrations.AddConstraint(
            model_name='parentalresponsibility',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True), ('holder__isnull', False)), fields=('child', 'holder'), name='one_current_pr_per_holder'),
        ),
        migrations.AddConstraint(
            model_name='parentalresponsibility',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True), ('holder_organisation__isnull', False)), fields=('child', 'holder_organisation'), name='one_current_pr_per_authority'),
        ),
        migrations.AddConstraint(
            model_name='relationship',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('person', 'relative', 'type'), name='one_current_relationship_of_a_type'),
        ),
        migrations.AddConstraint(
            model_name='relationship',
            constraint=models.UniqueConstraint(condition=models.Q(('type__in', ['mother', 'father'])), fields=('person', 'type'), name='one_birth_mother_one_birth_father'),
        ),
        migrations.AddConstraint(
            model_name='schoolenrolment',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('person',), name='one_current_school_per_person'),
        ),
    ]
