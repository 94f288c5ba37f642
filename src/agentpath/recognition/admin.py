from django.contrib import admin

from .models import Award, Badge, XpLevel


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "icon", "rule", "params", "points", "active", "order")
    list_filter = ("rule", "active")
    search_fields = ("code", "name", "name_en")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("badge", "employee", "occasion", "earned_on", "awarded_at", "revoked_at")
    list_filter = ("badge", "occasion")
    raw_id_fields = ("employee", "awarded_by", "revoked_by")
    readonly_fields = ("facts",)


@admin.register(XpLevel)
class XpLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "min_points")
