"""Framework editing for HR in the Django admin; every change is kept by simple-history."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Framework, Level, Position, Requirement, Track, Transition


class LevelRequirementInline(admin.TabularInline):
    model = Requirement
    fk_name = "level"
    fields = ("kind", "value", "course", "competency", "window_months", "quarters", "effective_from", "effective_to")
    autocomplete_fields = ("course",)
    extra = 0


class TransitionRequirementInline(LevelRequirementInline):
    fk_name = "transition"


class PositionInline(admin.TabularInline):
    model = Position
    fields = ("code", "name", "name_en", "family", "is_key")
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "version", "effective_from")
    readonly_fields = ("version",)


@admin.register(Track)
class TrackAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "kind", "order")
    list_filter = ("kind",)


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "track", "order", "corporate_title", "grade_min", "grade_max")
    list_filter = ("track",)
    search_fields = ("code", "name", "name_en", "corporate_title")
    inlines = [LevelRequirementInline, PositionInline]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "family", "is_key")
    list_filter = ("family", "is_key", "level__track")
    search_fields = ("code", "name", "name_en")


@admin.register(Transition)
class TransitionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "from_level", "to_level")
    list_filter = ("kind", "from_level__track")
    search_fields = ("from_level__name", "to_level__name", "note")
    inlines = [TransitionRequirementInline]


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "transition", "level", "effective_from", "effective_to")
    list_filter = ("kind",)
    autocomplete_fields = ("course",)
