from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0004_end_copies_of_open_caseload_places'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='caseloadmembership',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True), ('practitioner__isnull', False)), fields=('person', 'team', 'practitioner'), name='one_open_caseload_place_per_practitioner'),
        ),
        migrations.AddConstraint(
            model_name='caseloadmembership',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True), ('practitioner__isnull', True)), fields=('person', 'team'), name='one_open_team_caseload_place'),
        ),
    ]
