from django.contrib import admin

from .models import Award, Badge, CenterSetting, PointsRule, XpLevel


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "icon", "rule", "params", "points", "active", "order")
    list_filter = ("rule", "active")
    search_fields = ("code", "name", "name_en")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Read only: awards come from the rules and nominations, and leave only by an explicit revocation with a
    reason (recognition.services.revoke_award), so that the history stays whole."""

    list_display = ("badge", "employee", "occasion", "earned_on", "awarded_at", "revoked_at", "revoke_reason")
    list_filter = ("badge", "occasion")
    search_fields = ("employee__employee_no", "employee__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(XpLevel)
class XpLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "min_points")


@admin.register(CenterSetting)
class CenterSettingAdmin(admin.ModelAdmin):
    list_display = ("center", "agents_see_names")


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "source", "threshold", "points", "active")
    list_filter = ("source", "active")
