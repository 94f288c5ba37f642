"""Forms of the talent pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level, Transition

from .models import PromotionRound, Recommendation, TalentDecision
from .moves import move_label


class OpenRoundForm(forms.Form):
    """Center, period and effective date of a round, and one quota field per level that a promotion leads to."""

    center = forms.ModelChoiceField(queryset=None, label=_("Center"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PromotionRound.Kind.choices)
    period = forms.CharField(label=_("Period"), max_length=20, help_text=_("a month 2026-07 or a quarter 2026Q3"))
    effective_date = forms.DateField(label=_("Effective date of the moves"),
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, centers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        self.levels = list(Level.objects.filter(transitions_in__kind="promotion").distinct()
                           .select_related("track").order_by("track__order", "order"))
        for level in self.levels:
            self.fields[f"quota_{level.code}"] = forms.IntegerField(
                label=level.display_name, min_value=0, max_value=999, required=False)

    def quota_fields(self):
        return [self[f"quota_{level.code}"] for level in self.levels]

    def quotas(self) -> dict | None:
        """The quotas entered, or None when every field is blank: the staffing slots then apply."""
        entered = {level: self.cleaned_data.get(f"quota_{level.code}") for level in self.levels}
        if all(v is None for v in entered.values()):
            return None
        return {level: v or 0 for level, v in entered.items()}


class DecisionForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (o, TalentDecision.Outcome(o).label) for o in ("approve", "reject", "defer")])
    reason = forms.CharField(label=_("Reason"), max_length=500)


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
