from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from agentpath.common.errors import Forbidden

from . import duties
from .models import (
    Competency,
    CompetencyAssessment,
    Nomination,
    PositionCompetency,
    PotentialRating,
    StaffingTarget,
)


class NominationForm(forms.ModelForm):
    """HR records a nomination as its nominator's: the separation of duties holds here too (talent.duties)."""

    class Meta:
        model = Nomination
        fields = ["employee", "transition", "nominated_by", "nominated_on", "reason", "withdrawn"]

    def clean(self):
        data = super().clean()
        by, employee = data.get("nominated_by"), data.get("employee")
        if by is not None and employee is not None:
            try:
                duties.check_may_act(by, employee, duties.NOMINATE)
            except Forbidden as error:
                raise ValidationError({"nominated_by": error.message}) from None
        return data


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    form = NominationForm
    list_display = ("employee", "transition", "nominated_by", "nominated_on", "withdrawn")
    raw_id_fields = ("employee",)


@admin.register(StaffingTarget)
class StaffingTargetAdmin(admin.ModelAdmin):
    list_display = ("center", "agents_per_team_leader_min", "agents_per_team_leader_max", "agents_per_qa_min",
                    "agents_per_qa_max", "agents_per_trainer_min", "agents_per_trainer_max")


@admin.register(PotentialRating)
class PotentialRatingAdmin(SimpleHistoryAdmin):
    """Supervisors' potential ratings (1–5) that the 9-box review reads; every change kept in its history."""

    list_display = ("employee", "period", "rating", "rated_by", "rated_on")
    raw_id_fields = ("employee",)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")


@admin.register(PositionCompetency)
class PositionCompetencyAdmin(admin.ModelAdmin):
    list_display = ("position", "competency", "level")
    list_filter = ("position",)


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(admin.ModelAdmin):
    """Self and supervisor assessments per period; the supervisor's latest counts."""

    list_display = ("employee", "competency", "period", "by", "level", "assessed_by", "assessed_on")
    raw_id_fields = ("employee",)
