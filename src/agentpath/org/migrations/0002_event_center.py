"""Events carry the center they move a person from and to (filled by 0003, required by 0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('careers', '0002_initial'),
        ('org', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='employmentevent',
            name='from_center',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.center', verbose_name='from center'),
        ),
        migrations.AddField(
            model_name='employmentevent',
            name='to_center',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.center', verbose_name='to center'),
        ),
    ]
