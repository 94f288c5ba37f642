from django.contrib import admin

from .models import AlertRule


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    """HR edits the early-warning rules (thresholds, counts, on or off); the flight-risk models are read on their
    page, not edited."""

    list_display = ["code", "name", "kind", "metric", "threshold", "count", "days", "active"]
