from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Case, DateTimeField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext, pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import services, signin
from .models import ApiToken, User


class SignInLockedFilter(admin.SimpleListFilter):
    title = _("sign-in locked out")
    parameter_name = "sign_in_locked"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(sign_in_locked_until=None)
        return queryset


@admin.register(User)
class AgentPathUserAdmin(UserAdmin):
    list_display = ("username", "role", "employee", "is_active", "last_login", "sign_in_locked_until")
    list_filter = ("role", "is_active", SignInLockedFilter)
    raw_id_fields = ("employee",)
    filter_horizontal = ("centers", "groups", "user_permissions")
    fieldsets = UserAdmin.fieldsets + ((_("AgentPath role"), {"fields": ("role", "employee", "centers")}),)
    actions = ["unlock_sign_in"]

    def get_queryset(self, request):
        # The current lockouts are read once (accounts.signin), not per row.
        locked = signin.locked_usernames()
        until = Case(*[When(username=name, then=Value(end)) for name, end in locked.items()],
                     default=None, output_field=DateTimeField()) if locked else Value(None, DateTimeField())
        return super().get_queryset(request).annotate(sign_in_locked_until=until)

    @admin.display(description=_("sign-in locked until"), ordering="sign_in_locked_until")
    def sign_in_locked_until(self, obj):
        return obj.sign_in_locked_until

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


# django-tasks-db's admin, with its labels in the user's language (the package ships no translations).
_TASK_STRINGS = (  # its own gettext strings, kept here so that makemessages keeps their translations
    gettext_noop("Task Result"), gettext_noop("Task Results"), gettext_noop("enqueued at"),
    gettext_noop("started at"), gettext_noop("finished at"), gettext_noop("args kwargs"), gettext_noop("priority"),
    gettext_noop("task path"), gettext_noop("worker id"), gettext_noop("queue name"), gettext_noop("backend name"),
    gettext_noop("return value"), gettext_noop("exception class path"),
    pgettext_lazy("Task", "Ready"), pgettext_lazy("Task", "Running"), pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    @admin.display(description=_("task"))
    def task(self, obj):
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)
