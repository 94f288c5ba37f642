from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attendance,
    Course,
    CourseCompletion,
    DifferentiationRun,
    Enrolment,
    Program,
    ProgramStage,
    StageResult,
    TrainerProfile,
    TrainingEvent,
    TrainingSession,
)


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "credits", "hours")
    search_fields = ("code", "name", "name_en")


@admin.register(CourseCompletion)
class CourseCompletionAdmin(admin.ModelAdmin):
    list_display = ("employee", "course", "completed_on", "credits", "score", "source")
    list_filter = ("source",)
    raw_id_fields = ("employee",)
    autocomplete_fields = ("course",)


class StageInline(admin.TabularInline):
    model = ProgramStage
    fields = ("order", "name", "name_en", "delivery", "assessment", "pass_mark")
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "category", "course")
    list_filter = ("category",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("course",)
    inlines = [StageInline]


class StageResultInline(admin.TabularInline):
    model = StageResult
    fields = ("stage", "attempt", "score", "passed", "taken_on")
    extra = 0


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("employee", "program", "kind", "mandatory", "period", "status", "enrolled_on", "completed_on",
                    "score", "credits_granted")
    list_filter = ("status", "kind", "mandatory", "program", "period")
    list_select_related = ("employee", "program")
    search_fields = ("employee__employee_no", "employee__name", "reason")
    raw_id_fields = ("employee", "run", "trainer")
    inlines = [StageResultInline]


class SessionInline(admin.TabularInline):
    model = TrainingSession
    fields = ("starts_at", "ends_at", "place", "state")
    extra = 0


@admin.register(TrainingEvent)
class TrainingEventAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "center", "team", "course", "owner")
    list_filter = ("kind", "center")
    list_select_related = ("center", "team", "course", "owner")
    search_fields = ("name", "name_en")
    raw_id_fields = ("owner",)
    autocomplete_fields = ("course",)
    inlines = [SessionInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("employee", "event", "session", "status", "marked_by", "marked_at", "rating")
    list_filter = ("status", "event__kind")
    list_select_related = ("employee", "event", "session__event", "marked_by")
    search_fields = ("employee__employee_no", "employee__name")
    raw_id_fields = ("employee", "event", "session", "marked_by")


@admin.register(DifferentiationRun)
class DifferentiationRunAdmin(admin.ModelAdmin):
    """Written by the quarterly job (Training › Differentiated training); read here."""

    list_display = ("quarter", "status", "progress", "mandatory", "optional", "created_by", "created_at",
                    "finished_at")
    list_filter = ("status", "quarter")
    readonly_fields = [f.name for f in DifferentiationRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainerProfile)
class TrainerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "step", "specialties", "since")
    list_filter = ("step",)
    raw_id_fields = ("user",)
