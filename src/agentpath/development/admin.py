"""The development records in Django's admin, for HR to look up and correct: anchor inventories (read-only: they
are answer sheets), career plans, IDPs with their goals and actions, reviews, conversations and onboarding tasks.
The IDP's state moves only through its actions (submit, return, agree), so it is read-only here."""
from django.contrib import admin

from .models import (
    AnchorAnswer,
    AnchorTake,
    CareerPlan,
    Conversation,
    Idp,
    IdpAction,
    IdpGoal,
    IdpReview,
    OnboardingTask,
)


class AnchorAnswerInline(admin.TabularInline):
    model = AnchorAnswer
    extra = 0
    can_delete = False
    readonly_fields = ("item", "rating", "most_true")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnchorTake)
class AnchorTakeAdmin(admin.ModelAdmin):
    list_display = ("employee", "taken_at")
    search_fields = ("employee__employee_no", "employee__name")
    readonly_fields = ("employee", "taken_at", "scores")
    inlines = [AnchorAnswerInline]

    def has_add_permission(self, request):
        return False  # an inventory is answered by the person, never typed in

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CareerPlan)
class CareerPlanAdmin(admin.ModelAdmin):
    list_display = ("employee", "stage", "target_position", "updated_at")
    list_filter = ("stage",)
    search_fields = ("employee__employee_no", "employee__name")
    raw_id_fields = ("employee", "target_transition")


class IdpGoalInline(admin.TabularInline):
    model = IdpGoal
    extra = 0


class IdpActionInline(admin.TabularInline):
    model = IdpAction
    extra = 0
    fields = ("kind", "title", "course", "owner", "due_date", "status", "evidence")
    autocomplete_fields = ("course",)


@admin.register(Idp)
class IdpAdmin(admin.ModelAdmin):
    list_display = ("employee", "version", "state", "target_position", "target_date", "decided_by")
    list_filter = ("state",)
    search_fields = ("employee__employee_no", "employee__name")
    raw_id_fields = ("employee",)
    readonly_fields = ("state", "submitted_at", "decided_at", "decided_by")
    inlines = [IdpGoalInline, IdpActionInline]


@admin.register(IdpAction)
class IdpActionAdmin(admin.ModelAdmin):
    list_display = ("idp", "kind", "title", "owner", "due_date", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "idp__employee__employee_no", "idp__employee__name")
    raw_id_fields = ("idp", "source_requirement")
    autocomplete_fields = ("course",)


@admin.register(IdpReview)
class IdpReviewAdmin(admin.ModelAdmin):
    list_display = ("idp", "reviewed_on", "reviewed_by", "outcome")
    list_filter = ("outcome",)
    raw_id_fields = ("idp", "reviewed_by")


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("employee", "kind", "held_on", "held_by")
    list_filter = ("kind",)
    search_fields = ("employee__employee_no", "employee__name")
    raw_id_fields = ("employee", "held_by")


@admin.register(OnboardingTask)
class OnboardingTaskAdmin(admin.ModelAdmin):
    list_display = ("employee", "skill", "due_date", "done_on")
    list_filter = ("skill",)
    search_fields = ("employee__employee_no", "employee__name")
    raw_id_fields = ("employee",)
