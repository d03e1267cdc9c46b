import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lac', '0002_open_assessment_sdq_and_immunisation_copies'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='healthassessment',
            constraint=models.UniqueConstraint(condition=models.Q(('closed_on__isnull', True), ('completed_on__isnull', True)), fields=('child', 'kind'), name='lac_one_open_assessment_of_a_kind'),
        ),
        migrations.AddConstraint(
            model_name='immunisation',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('vaccine'), models.F('child'), models.F('given_on'), name='lac_one_immunisation_per_vaccine_day'),
        ),
        migrations.AddConstraint(
            model_name='sdqscore',
            constraint=models.UniqueConstraint(fields=('child', 'completed_on', 'informant'), name='lac_one_sdq_per_day_informant'),
        ),
    ]
