"""A BRIN index on the daily table's date (PostgreSQL: tiny, and period scans touch only their pages, since
daily files arrive in date order) and the default metrics (DOMAIN.md C5)."""
from django.db import migrations


def brin_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX performance_kpiday_date_brin ON performance_kpiday USING brin (date)")
    else:
        schema_editor.execute("CREATE INDEX performance_kpiday_date ON performance_kpiday (date)")


def brin_backward(apps, schema_editor):
    name = "performance_kpiday_date_brin" if schema_editor.connection.vendor == "postgresql" else \
        "performance_kpiday_date"
    schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def load_metrics(apps, schema_editor):
    from agentpath.performance.defaults import DEFAULT_METRICS

    Metric = apps.get_model("performance", "Metric")
    used = set(Metric.objects.values_list("slot", flat=True))
    existing = set(Metric.objects.values_list("code", flat=True))
    slot = 0
    for order, (code, name, name_en, unit, higher, aggregation, lo, hi, source) in enumerate(DEFAULT_METRICS):
        if code in existing:
            continue
        slot += 1
        while slot in used:
            slot += 1
        Metric.objects.create(code=code, name=name, name_en=name_en, unit=unit, higher_is_better=higher,
                              aggregation=aggregation, min_value=lo, max_value=hi, source=source, order=order,
                              slot=slot)


def unload_metrics(apps, schema_editor):
    from agentpath.performance.defaults import DEFAULT_METRICS

    Metric = apps.get_model("performance", "Metric")
    Metric.objects.filter(code__in=[m[0] for m in DEFAULT_METRICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [
        migrations.RunPython(brin_forward, brin_backward),
        migrations.RunPython(load_metrics, unload_metrics),
    ]
