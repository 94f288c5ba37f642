from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiToken, User


@admin.register(User)
class AgentPathUserAdmin(UserAdmin):
    list_display = ("username", "role", "employee", "is_active", "last_login")
    list_filter = ("role", "is_active")
    raw_id_fields = ("employee",)
    filter_horizontal = ("centers", "groups", "user_permissions")
    fieldsets = UserAdmin.fieldsets + ((_("AgentPath role"), {"fields": ("role", "employee", "centers")}),)
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in (clear failed sign-ins)"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        count = services.unlock_sign_in(list(queryset.values_list("username", flat=True)), by=request.user)
        self.message_user(request, ngettext("Sign-in unlocked for %(count)d user.",
                                            "Sign-in unlocked for %(count)d users.", count) % {"count": count},
                          messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
