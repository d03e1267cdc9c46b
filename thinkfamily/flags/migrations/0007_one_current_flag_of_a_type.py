from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('flags', '0006_end_copies_of_current_flags'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='flag',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('person', 'type'), name='one_current_flag_of_a_type'),
        ),
    ]
