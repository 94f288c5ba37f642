from django.contrib import admin

from .models import Nomination


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("employee", "transition", "nominated_by", "nominated_on", "withdrawn")
    raw_id_fields = ("employee",)
