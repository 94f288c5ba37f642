"""Issue 6 (ranks): volume metrics ranked per day worked; each rank keeps the team in force in its period;
a log of actions on closed periods' ranks; no index on a rank's group alone (it slowed every store of ranks).

Existing ranks get the person's team at migration time (the best fact at hand for ranks computed before
teams were stored); the next computation of an open period stores the team in force."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


VOLUME_METRICS = ["calls_handled", "complaints"]


def volume_per_day_worked(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    Metric.objects.filter(code__in=VOLUME_METRICS, aggregation="sum").update(aggregation="per_day_worked")


def volume_as_sums(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    Metric.objects.filter(code__in=VOLUME_METRICS, aggregation="per_day_worked").update(aggregation="sum")


def teams_of_existing_ranks(apps, schema_editor):
    schema_editor.execute("UPDATE performance_kpiresult SET team_id = (SELECT e.team_id FROM org_employee e "
                          "WHERE e.id = performance_kpiresult.employee_id) WHERE team_id IS NULL")


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_event_names_its_center'),
        ('performance', '0002_kpiday_brin_and_default_metrics'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='kpiresult',
            name='team',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text="the team in force on the person's last working day of the period", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='org.team', verbose_name='team'),
        ),
        migrations.AlterField(
            model_name='kpiresult',
            name='group',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='performance.compositegroup', verbose_name='composite group'),
        ),
        migrations.AlterField(
            model_name='metric',
            name='aggregation',
            field=models.CharField(choices=[('mean', 'mean of the days'), ('weighted_mean', 'call-weighted mean'), ('per_day_worked', 'mean per day worked'), ('sum', 'sum'), ('last', 'last value')], default='mean', max_length=20, verbose_name='aggregation'),
        ),
        migrations.CreateModel(
            name='RankLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(max_length=8, verbose_name='period')),
                ('action', models.CharField(choices=[('recomputed', 'ranks recomputed'), ('kept', 'late KPI, ranks kept')], max_length=12, verbose_name='action')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('ranks_before', models.PositiveIntegerField(default=0, verbose_name='ranks before')),
                ('ranks_after', models.PositiveIntegerField(default=0, verbose_name='ranks after')),
                ('ranks_changed', models.PositiveIntegerField(default=0, verbose_name='ranks changed')),
                ('changes', models.JSONField(blank=True, default=list, help_text='employee, group, rank and percentile before and after (first 1,000)', verbose_name='changed ranks')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'closed-period rank log',
                'verbose_name_plural': 'closed-period rank logs',
                'ordering': ['-at'],
                'indexes': [models.Index(fields=['period', 'at'], name='performance_period_bba2bd_idx')],
            },
        ),
        migrations.RunPython(volume_per_day_worked, volume_as_sums),
        migrations.RunPython(teams_of_existing_ranks, migrations.RunPython.noop),
    ]
