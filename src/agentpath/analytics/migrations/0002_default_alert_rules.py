"""The default early-warning rules (issue 21's examples); HR edits them in the admin."""
from django.db import migrations

# code, name, name_en, kind, metric code, threshold, count, days
DEFAULT_RULES = [
    ("fcr-falling", "首次解决率连续两周下降3分", "FCR down 3 points two weeks running", "kpi_drop", "fcr", 3.0, 2, 0),
    ("complaints-high", "本月投诉率偏高", "Complaint rate above 0.05 a day this month", "kpi_above", "complaints",
     0.05, 1, 0),
    ("absences", "本月缺勤三次", "Three absences in a month", "absences", "attendance", 0.0, 3, 0),
    ("new-hire-low", "新员工入职60天内低于P20", "New agent under P20 in the first 60 days", "new_hire_low", None,
     20.0, 1, 60),
]


def load(apps, schema_editor):
    AlertRule, Metric = apps.get_model("analytics", "AlertRule"), apps.get_model("performance", "Metric")
    for code, name, name_en, kind, metric, threshold, count, days in DEFAULT_RULES:
        AlertRule.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "kind": kind, "threshold": threshold, "count": count, "days": days,
            "metric": Metric.objects.get(code=metric) if metric else None})


def unload(apps, schema_editor):
    apps.get_model("analytics", "AlertRule").objects.filter(code__in=[r[0] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial"), ("performance", "0002_kpiday_brin_and_default_metrics")]
    operations = [migrations.RunPython(load, unload)]
