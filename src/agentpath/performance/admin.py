from django.contrib import admin

from .models import (
    CompositeGroup,
    KpiImport,
    KpiRecordChange,
    Metric,
    RankLog,
    Scorecard,
    ScorecardMetric,
    StarThreshold,
)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "unit", "higher_is_better", "aggregation", "min_value", "max_value",
                    "source", "kind", "slot")
    list_filter = ("kind", "source")
    list_editable = ("min_value", "max_value")
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("slot",)


class ScorecardMetricInline(admin.TabularInline):
    model = ScorecardMetric
    extra = 1


@admin.register(CompositeGroup)
class CompositeGroupAdmin(admin.ModelAdmin):
    list_display = ("scorecard", "code", "name", "name_en", "order")
    list_filter = ("code",)
    inlines = [ScorecardMetricInline]


class CompositeGroupInline(admin.TabularInline):
    model = CompositeGroup
    extra = 0
    show_change_link = True


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ("position", "unit", "min_peer_size", "composite_over_available", "normalisation", "active")
    list_filter = ("unit", "normalisation", "active", "position__family")
    list_editable = ("min_peer_size", "composite_over_available")
    inlines = [CompositeGroupInline]


@admin.register(KpiImport)
class KpiImportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "source", "file_name", "status", "rows_read", "created", "updated", "unchanged",
                    "skipped", "error_count", "created_by")
    list_filter = ("status", "source")
    readonly_fields = [f.name for f in KpiImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(KpiRecordChange)
class KpiRecordChangeAdmin(admin.ModelAdmin):
    list_display = ("employee", "date", "metric", "old_value", "new_value", "changed_at", "kpi_import")
    list_select_related = ("employee", "metric", "kpi_import")
    raw_id_fields = ("employee", "kpi_import")
    readonly_fields = ("employee", "date", "metric", "old_value", "new_value", "changed_at", "kpi_import")

    def has_add_permission(self, request):
        return False


@admin.register(RankLog)
class RankLogAdmin(admin.ModelAdmin):
    """Read-only: rows are written by ranking.recompute_closed_period and by imports for closed periods."""

    list_display = ("at", "period", "action", "ranks_before", "ranks_after", "ranks_changed", "requested_by", "reason")
    list_filter = ("action", "period")
    list_select_related = ("requested_by",)
    readonly_fields = [f.name for f in RankLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StarThreshold)
class StarThresholdAdmin(admin.ModelAdmin):
    """The thresholds of the monthly star-service rating (performance.stars), edited by HR."""

    list_display = ("stars", "metric", "value")
    list_filter = ("stars",)
