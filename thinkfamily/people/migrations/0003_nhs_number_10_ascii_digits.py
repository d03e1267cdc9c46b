import django.db.models.functions.text
import django.db.models.lookups
import thinkfamily.core.nhs_numbers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_nhs_numbers_in_ascii_digits'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='nhs_number',
            field=thinkfamily.core.nhs_numbers.NHSNumberModelField(blank=True, max_length=10, null=True, unique=True),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(('nhs_number__isnull', True), models.Q(('nhs_number__regex', '^[0123456789]+$'), django.db.models.lookups.Exact(django.db.models.functions.text.Length('nhs_number'), 10)), _connector='OR'), name='person_nhs_number_10_ascii_digits'),
        ),
    ]
