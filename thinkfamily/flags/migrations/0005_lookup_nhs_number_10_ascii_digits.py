import django.db.models.functions.text
import django.db.models.lookups
import thinkfamily.core.nhs_numbers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('flags', '0004_lookup_nhs_numbers_in_ascii_digits'),
    ]

    operations = [
        migrations.AlterField(
            model_name='pointofcarelookup',
            name='looked_up_nhs_number',
            field=thinkfamily.core.nhs_numbers.NHSNumberModelField(max_length=10),
        ),
        migrations.AddConstraint(
            model_name='pointofcarelookup',
            constraint=models.CheckConstraint(condition=models.Q(('looked_up_nhs_number__regex', '^[0123456789]+$'), django.db.models.lookups.Exact(django.db.models.functions.text.Length('looked_up_nhs_number'), 10)), name='lookup_nhs_number_10_ascii_digits'),
        ),
    ]
