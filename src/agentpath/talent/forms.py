"""Forms of the talent pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level, Transition

from .models import PromotionRound, Recommendation, TalentDecision
from .moves import move_label
from .round_quotas import QuotaEntry, target_levels


class OpenRoundForm(forms.Form):
    """Center (not asked of someone who serves one center), kind, period and effective date of a round, and per
    target level a quota: slots, or no limit with a reason; left blank, the staffing ratio's slots where the
    center has one for the level (talent.round_quotas)."""

    center = forms.ModelChoiceField(queryset=None, label=_("Center"),
                                    widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=PromotionRound.Kind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.CharField(label=_("Period"), max_length=20, help_text=_("a month 2026-07 or a quarter 2026Q3"),
                             widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "2026Q3"}))
    effective_date = forms.DateField(label=_("Effective date of the moves"),
                                     widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))

    def __init__(self, centers, *args, ratio_slots: dict | None = None, levels_in_use: set | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        self.only_center = centers.first() if centers.count() == 1 else None
        if self.only_center is not None:  # a manager of one center does not pick it
            self.fields["center"].widget = forms.HiddenInput()
            self.fields["center"].initial = self.only_center.pk
        self.ratio_slots = ratio_slots or {}
        self.levels_in_use = levels_in_use  # None: every level is shown first (several centers to choose from)
        self.levels = target_levels(PromotionRound.Kind.PROMOTION)
        for level in self.levels:
            ratio = self.ratio_slots.get(level.code)
            self.fields[f"quota_{level.code}"] = forms.IntegerField(
                label=level.display_name, min_value=0, max_value=999, required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                                "placeholder": ratio["slots"] if ratio else "—"}))
            self.fields[f"nolimit_{level.code}"] = forms.BooleanField(
                label=_("No limit"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
            self.fields[f"reason_{level.code}"] = forms.CharField(
                label=_("Reason"), max_length=300, required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def quota_rows(self):
        """One row per target level: its track, the staffing ratio's slots (or none), and the three fields."""
        return [{"level": level, "ratio": self.ratio_slots.get(level.code), "slots": self[f"quota_{level.code}"],
                 "no_limit": self[f"nolimit_{level.code}"], "reason": self[f"reason_{level.code}"],
                 "in_use": self.levels_in_use is None or level.pk in self.levels_in_use
                 or self[f"quota_{level.code}"].value() not in (None, "") or bool(self[f"nolimit_{level.code}"].value())}
                for level in self.levels]

    def quota_rows_in_use(self):
        return [row for row in self.quota_rows() if row["in_use"]]

    def quota_rows_other(self):
        return [row for row in self.quota_rows() if not row["in_use"]]

    def clean(self):
        data = super().clean()
        for level in self.levels:
            if data.get(f"nolimit_{level.code}") and not (data.get(f"reason_{level.code}") or "").strip():
                self.add_error(f"reason_{level.code}", _("No limit needs a reason."))
            if data.get(f"nolimit_{level.code}") and data.get(f"quota_{level.code}") is not None:
                self.add_error(f"quota_{level.code}", _("Give slots or no limit, not both."))
        return data

    def quotas(self) -> dict:
        """The quotas entered by hand ({level: slots or QuotaEntry(None, reason)}); a level left blank takes its
        staffing ratio's slots where one exists (the service decides)."""
        out = {}
        for level in self.levels:
            if self.cleaned_data.get(f"nolimit_{level.code}"):
                out[level] = QuotaEntry(None, self.cleaned_data.get(f"reason_{level.code}", ""))
            elif self.cleaned_data.get(f"quota_{level.code}") is not None:
                out[level] = QuotaEntry(self.cleaned_data[f"quota_{level.code}"],
                                        self.cleaned_data.get(f"reason_{level.code}", ""))
        return out


class QuotaForm(forms.Form):
    """Change one target level's quota while the round is open or deciding: slots or no limit, with a reason."""

    level = forms.ModelChoiceField(queryset=None, label=_("Level"), to_field_name="code",
                                   widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    slots = forms.IntegerField(label=_("Slots"), min_value=0, max_value=999, required=False,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    no_limit = forms.BooleanField(label=_("No limit"), required=False,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.filter(
            pk__in=[lv.pk for lv in target_levels(PromotionRound.Kind.PROMOTION)]).order_by("track__order", "order")

    def clean(self):
        data = super().clean()
        if not data.get("no_limit") and data.get("slots") is None and "slots" not in self.errors:
            self.add_error("slots", _("Give the slots, or tick no limit."))
        return data

    @property
    def chosen_slots(self) -> int | None:
        return None if self.cleaned_data.get("no_limit") else self.cleaned_data["slots"]


class DecisionForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (o, TalentDecision.Outcome(o).label) for o in ("approve", "reject", "defer")])
    reason = forms.CharField(label=_("Reason"), max_length=500)
    override = forms.BooleanField(label=_("Override unmet requirements (破格)"), required=False)
    override_reason = forms.CharField(label=_("Reason for the override"), max_length=500, required=False)


class RecommendationForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NominationForm(forms.Form):
    employee = forms.ModelChoiceField(queryset=None, label=_("Employee"), to_field_name="employee_no")
    to_level = forms.ModelChoiceField(queryset=Level.objects.filter(transitions_in__kind="promotion").distinct(),
                                      label=_("Promotion to"), to_field_name="code")
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = people


class PathNominationForm(forms.Form):
    """A team leader's nomination of a member for one of the moves open to them, from the path page."""

    transition = forms.ModelChoiceField(label=_("Move"), queryset=Transition.objects.none(),
                                        widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}))

    def __init__(self, options, *args, grade: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        transitions = [o.transition for o in options]
        self.fields["transition"].queryset = Transition.objects.filter(pk__in=[t.pk for t in transitions])
        names = {t.pk: move_label(t, grade) for t in transitions}  # a grade step reads 晋等 7 → 6, never own level
        self.fields["transition"].label_from_instance = lambda t: names.get(t.pk, str(t))
