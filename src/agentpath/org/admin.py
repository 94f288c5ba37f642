from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agentpath.common.errors import DomainError

from .models import (
    Center,
    DisciplinaryRecord,
    Employee,
    EmploymentEvent,
    ExitReason,
    ExitRecord,
    LeavePeriod,
    Team,
)
from .services import cancel_scheduled_move, check_exit_facts, update_exit_facts
from .validators import validate_employee_no


class EmployeeAdminForm(forms.ModelForm):
    """The employee number follows its pattern, as in the roster import and the API (the position's level is
    checked by Employee.clean)."""

    class Meta:
        model = Employee
        fields = "__all__"  # noqa: DJ007 -- the admin shows every field, this form only adds checks

    def clean_employee_no(self):
        value = self.cleaned_data["employee_no"]
        validate_employee_no(value)
        return value


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ("code", "name", "leader")
    raw_id_fields = ("leader",)


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "city")
    search_fields = ("code", "name", "city")
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "center", "leader")
    list_filter = ("center",)
    search_fields = ("code", "name")
    list_select_related = ("center", "leader")
    raw_id_fields = ("leader",)


class EmploymentEventInline(admin.TabularInline):
    model = EmploymentEvent
    fk_name = "employee"
    extra = 0
    fields = ("kind", "effective_date", "from_level", "to_level", "from_position", "to_position", "from_grade",
              "to_grade", "from_team", "to_team", "from_center", "to_center", "cause", "decision_ref", "scheduled")
    readonly_fields = fields  # moves are recorded by the services (hire, promotion, import), not typed here
    can_delete = False
    ordering = ("-effective_date", "-id")

    def has_add_permission(self, request, obj=None):
        return False


class DisciplinaryRecordInline(admin.TabularInline):
    model = DisciplinaryRecord
    extra = 0


class LeavePeriodInline(admin.TabularInline):
    model = LeavePeriod
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    form = EmployeeAdminForm
    list_display = ("employee_no", "name", "center", "team", "position", "level", "grade", "hire_date", "status")
    list_filter = ("status", "center", "level__track", "education")
    search_fields = ("employee_no", "name")
    list_select_related = ("center", "team", "position", "level")
    raw_id_fields = ("manager",)
    date_hierarchy = "hire_date"
    inlines = [EmploymentEventInline, DisciplinaryRecordInline, LeavePeriodInline]


@admin.register(EmploymentEvent)
class EmploymentEventAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "effective_date", "from_level", "to_level", "from_grade", "to_grade",
                    "to_team", "decision_ref", "scheduled")
    list_filter = ("kind", "scheduled")
    actions = ["cancel_scheduled"]

    @admin.action(description=_("Cancel the selected scheduled moves"))
    def cancel_scheduled(self, request, queryset):
        for event in queryset.select_related("employee").order_by("-effective_date", "-id"):
            try:
                cancel_scheduled_move(event)
            except ValidationError as exc:
                self.message_user(request, f"{event.employee}: {' '.join(exc.messages)}", messages.ERROR)
    search_fields = ("employee__employee_no", "employee__name", "decision_ref")
    list_select_related = ("employee", "from_level", "to_level", "to_team")
    raw_id_fields = ("employee",)
    date_hierarchy = "effective_date"


@admin.register(DisciplinaryRecord)
class DisciplinaryRecordAdmin(admin.ModelAdmin):
    list_display = ("employee", "date", "severity", "description")
    list_filter = ("severity",)
    search_fields = ("employee__employee_no", "employee__name", "description")
    list_select_related = ("employee",)
    raw_id_fields = ("employee",)


@admin.register(LeavePeriod)
class LeavePeriodAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "start", "end", "note")
    list_filter = ("kind",)
    search_fields = ("employee__employee_no", "employee__name", "note")
    list_select_related = ("employee",)
    raw_id_fields = ("employee",)
    date_hierarchy = "start"


@admin.register(ExitReason)
class ExitReasonAdmin(admin.ModelAdmin):
    """The list of exit reasons HR keeps (seed 004 §3); a reason in use is retired (inactive), not deleted."""

    list_display = ("code", "word", "label", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "word", "label")


class ExitRecordForm(forms.ModelForm):
    """The service's rules (check_exit_facts) as the form's errors; save_model writes through update_exit_facts."""

    class Meta:
        model = ExitRecord
        fields = ("exit_type", "reason", "last_working_day", "regretted", "interview_notes")

    def clean(self):
        data = super().clean()
        try:
            check_exit_facts(data.get("exit_type") or "", data.get("reason"), data.get("last_working_day"),
                             self.instance.event.effective_date)
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
        return data


@admin.register(ExitRecord)
class ExitRecordAdmin(admin.ModelAdmin):
    """An exit's facts; exits are recorded by the roster import, HR's exit form or the API (services.record_exit),
    so the admin corrects them (update_exit_facts) and never adds one."""

    form = ExitRecordForm
    list_display = ("event", "exit_type", "reason", "last_working_day", "regretted")
    list_filter = ("exit_type", "reason", "regretted")
    search_fields = ("event__employee__employee_no", "event__employee__name")
    readonly_fields = ("event",)
    fields = ("event", "exit_type", "reason", "last_working_day", "regretted", "interview_notes")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        update_exit_facts(obj, exit_type=obj.exit_type, reason=obj.reason, last_working_day=obj.last_working_day,
                          regretted=obj.regretted, interview_notes=obj.interview_notes)
