from django.contrib import admin

from . import import_guard
from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every import run, read-only: HR sees which ran, which were refused and why one failed."""

    list_display = ("kind", "center", "file_name", "status", "started_by", "started_at", "finished_at", "rows_read",
                    "error_count")
    list_filter = ("kind", "status")
    search_fields = ("file_name", "reason")
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        import_guard.close_stale()  # a run whose process died shows as failed, not "running" forever
        return super().changelist_view(request, extra_context)
