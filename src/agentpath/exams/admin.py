"""The exams in HR's admin. Questions may be corrected (topic, difficulty, status); their wordings, exams,
papers, attempts and answers are read-only here: wordings are immutable versions (a key is corrected by the
regrade page), exams are written on the authoring pages, papers are drawn and answers given by the takers."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Answer,
    Attempt,
    BlueprintCell,
    Exam,
    ExamOverride,
    Paper,
    PaperItem,
    Question,
    QuestionVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewed, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = QuestionVersion
    fields = ("number", "text", "options", "answer_key", "points", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Questions come from the import; they are retired, not deleted (papers point at their versions)."""

    list_display = ("code", "topic", "difficulty", "kind", "status", "created_at")
    list_filter = ("status", "kind", "difficulty", "topic")
    search_fields = ("code", "topic")
    fields = ("code", "topic", "difficulty", "kind", "status", "created_at")
    readonly_fields = ("code", "kind", "created_at")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ReadOnlyAdmin):
    list_display = ("question", "number", "points", "created_at")
    list_select_related = ("question",)
    search_fields = ("question__code", "text")


class CellInline(ReadOnlyInline):
    model = BlueprintCell
    fields = ("topic", "difficulty", "count")
    readonly_fields = fields


class OverrideInline(ReadOnlyInline):
    model = ExamOverride
    fields = ("employee", "team", "extra_minutes", "opens_at", "closes_at")
    readonly_fields = fields


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    """Exams are written and scheduled on the authoring pages (Exams › Exam authoring)."""

    list_display = ("code", "title", "status", "opens_at", "closes_at", "time_limit_minutes", "pass_mark",
                    "writes_kpi", "owner")
    list_filter = ("status", "writes_kpi")
    list_select_related = ("owner",)
    search_fields = ("code", "title")
    inlines = [CellInline, OverrideInline]


class PaperItemInline(ReadOnlyInline):
    """PaperItem and Answer fields have no verbose names (no migration for labels): translated columns here."""

    model = PaperItem
    fields = ("item_position", "item_version")
    readonly_fields = fields

    @admin.display(description=_("question number"))
    def item_position(self, obj):
        return obj.position

    @admin.display(description=_("question version"))
    def item_version(self, obj):
        return obj.version


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin):
    list_display = ("exam", "employee", "seed", "drawn_at")
    list_filter = ("exam",)
    list_select_related = ("exam", "employee")
    search_fields = ("employee__employee_no", "employee__name", "exam__code")
    inlines = [PaperItemInline]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("answer_position", "answer_response", "answer_saved_at", "answer_points", "answer_graded_by")
    readonly_fields = fields
    verbose_name = _("response")
    verbose_name_plural = _("responses")

    @admin.display(description=_("question number"))
    def answer_position(self, obj):
        return obj.item.position

    @admin.display(description=_("response"))
    def answer_response(self, obj):
        return ", ".join(str(r) for r in obj.response)

    @admin.display(description=_("saved at"))
    def answer_saved_at(self, obj):
        return obj.saved_at

    @admin.display(description=_("points"))
    def answer_points(self, obj):
        return obj.points

    @admin.display(description=_("graded by"))
    def answer_graded_by(self, obj):
        return obj.graded_by


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ("paper", "number", "state", "started_at", "deadline", "submitted_at", "timed_out", "score",
                    "passed")
    list_filter = ("state", "timed_out", "paper__exam")
    list_select_related = ("paper__exam", "paper__employee")
    search_fields = ("paper__employee__employee_no", "paper__employee__name")
    inlines = [AnswerInline]
