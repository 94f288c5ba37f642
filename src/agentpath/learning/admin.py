from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, CourseCompletion


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
