from django.contrib import admin

from .models import AlertRule, RiskModel


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "metric", "threshold", "count", "days", "active"]
    list_editable = ["threshold", "count", "days", "active"]


@admin.register(RiskModel)
class RiskModelAdmin(admin.ModelAdmin):
    list_display = ["version", "trained_at", "as_of", "n", "events", "c_index"]
    readonly_fields = [f.name for f in RiskModel._meta.fields]

    def has_add_permission(self, request):
        return False
