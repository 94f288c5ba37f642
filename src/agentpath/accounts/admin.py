from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class AgentPathUserAdmin(UserAdmin):
    list_display = ("username", "role", "employee", "is_active", "last_login")
    list_filter = ("role", "is_active")
    raw_id_fields = ("employee",)
    filter_horizontal = ("centers", "groups", "user_permissions")
    fieldsets = UserAdmin.fieldsets + ((_("AgentPath role"), {"fields": ("role", "employee", "centers")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
