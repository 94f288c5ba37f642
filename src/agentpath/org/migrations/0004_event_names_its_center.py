"""Every event but an exit names the center it puts in force ."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0003_backfill_event_centers'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='employmentevent',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'exit'), ('to_center__isnull', False), _connector='OR'), name='event_names_its_center'),
        ),
    ]
