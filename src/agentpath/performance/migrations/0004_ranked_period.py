"""When each period was first ranked (performance.closed_periods): periods ranked before this migration count as
first ranked when their present ranks were computed, the earliest date the data still shows."""
from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def first_rankings(apps, schema_editor):
    KpiResult = apps.get_model("performance", "KpiResult")
    RankedPeriod = apps.get_model("performance", "RankedPeriod")
    RankedPeriod.objects.bulk_create([
        RankedPeriod(period=row["period"], first_ranked_on=timezone.localdate(row["first"]))
        for row in KpiResult.objects.values("period").annotate(first=Min("computed_at")).order_by("period")])


class Migration(migrations.Migration):

    dependencies = [
        ('performance', '0003_kpiday_exam_scores_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='RankedPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(max_length=8, unique=True, verbose_name='period')),
                ('first_ranked_on', models.DateField(verbose_name='first ranked on')),
                ('read_by_decision_on', models.DateField(blank=True, null=True, verbose_name='first read by a decision on')),
                ('read_by', models.CharField(blank=True, help_text='the decision that read the ranks first, e.g. a 9-box review', max_length=200, verbose_name='read by')),
            ],
            options={
                'verbose_name': 'ranked period',
                'verbose_name_plural': 'ranked periods',
            },
        ),
        migrations.RunPython(first_rankings, migrations.RunPython.noop),
    ]
