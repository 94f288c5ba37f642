from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Center, DisciplinaryRecord, Employee, EmploymentEvent, Team
from .validators import position_level_problem, validate_employee_no


class EmployeeAdminForm(forms.ModelForm):
    """The employee number follows its pattern and the position belongs to the level, as in the roster import."""

    class Meta:
        model = Employee
        fields = "__all__"  # noqa: DJ007 -- the admin shows every field, this form only adds checks

    def clean_employee_no(self):
        value = self.cleaned_data["employee_no"]
        validate_employee_no(value)
        return value

    def clean(self):
        data = super().clean()
        problem = position_level_problem(data.get("position"), data.get("level"))
        if problem:
            self.add_error("position", problem)
        return data


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
              "to_grade", "from_team", "to_team", "cause", "decision_ref")
    readonly_fields = fields  # moves are recorded by the services (hire, promotion, import), not typed here
    can_delete = False
    ordering = ("-effective_date", "-id")

    def has_add_permission(self, request, obj=None):
        return False


class DisciplinaryRecordInline(admin.TabularInline):
    model = DisciplinaryRecord
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
    inlines = [EmploymentEventInline, DisciplinaryRecordInline]


@admin.register(EmploymentEvent)
class EmploymentEventAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "effective_date", "from_level", "to_level", "from_grade", "to_grade",
                    "to_team", "decision_ref")
    list_filter = ("kind",)
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
