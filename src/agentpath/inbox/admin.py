from django.contrib import admin

from .models import InboxItem


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "key", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "key")
    raw_id_fields = ("recipient",)
    readonly_fields = ("created_at",)
