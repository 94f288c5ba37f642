from django import forms
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Position, Transition
from agentpath.learning.models import Course

from . import anchors
from .models import CareerPlan, Conversation, IdpAction, IdpReview
from .services import PLAN_STEPS, WANT_FIT_CAN

RATING_CHOICES = [(n, str(n)) for n in range(anchors.RATING_MIN, anchors.RATING_MAX + 1)]
DATE = forms.DateInput(attrs={"type": "date"})


class Styled:
    """Bootstrap classes on the widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class AnchorInventoryForm(forms.Form):
    """Forty ratings and the three items most true; the rule checks live in services.validate_answers."""

    most_true = forms.TypedMultipleChoiceField(label=_("The three items most true for you"), coerce=int,
                                               choices=[(i.number, str(i.number)) for i in anchors.ITEMS],
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in anchors.ITEMS:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=item.text, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)

    def rows(self):
        return [(item, self[f"item_{item.number}"]) for item in anchors.ITEMS]

    def answers(self) -> tuple[dict[int, int], list[int]]:
        data = self.cleaned_data
        return {i.number: data[f"item_{i.number}"] for i in anchors.ITEMS}, list(data["most_true"])


class PlanStepForm(Styled, forms.ModelForm):
    class Meta:
        model = CareerPlan
        fields = [f for fields in PLAN_STEPS.values() for f in fields]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for fields in PLAN_STEPS.values() for f in fields
                   if f not in ("stage", "target_transition", "target_position")}

    def __init__(self, *args, step: int, moves=(), gaps_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in PLAN_STEPS[step]:
                del self.fields[name]
        if step == 3:
            self.fields["target_transition"].queryset = Transition.objects.filter(pk__in=[t.pk for t in moves])
            self.fields["target_transition"].label_from_instance = str
            self.fields["target_transition"].widget.attrs.update({
                "hx-get": gaps_url, "hx-trigger": "change", "hx-target": "#gaps", "hx-swap": "innerHTML",
                "hx-vals": '{"step": "3"}'})
            self.fields["target_position"].queryset = Position.objects.select_related("level")
            self.fields["target_position"].required = False


class WantFitCanForm(Styled, forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Left empty, it is drafted from your answers for you to edit."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _dim, questions in WANT_FIT_CAN:
            for key, label in questions:
                self.fields[key] = forms.CharField(label=label, required=False,
                                                   widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def sections(self):
        titles = {"want": _("Want: which path do I want?"), "fit": _("Fit: which path suits me?"),
                  "can": _("Can: which path is open to me?")}
        return [(dim, titles[dim], [self[key] for key, _label in questions]) for dim, questions in WANT_FIT_CAN]


class IdpForm(Styled, forms.Form):
    target_position = forms.ModelChoiceField(label=_("Target position"), required=False,
                                             queryset=Position.objects.select_related("level"))
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    goal_1 = forms.CharField(label=_("Goal 1"), required=False, max_length=300)
    goal_2 = forms.CharField(label=_("Goal 2"), required=False, max_length=300)
    goal_3 = forms.CharField(label=_("Goal 3"), required=False, max_length=300)
    goal_4 = forms.CharField(label=_("Goal 4"), required=False, max_length=300)
    goal_5 = forms.CharField(label=_("Goal 5"), required=False, max_length=300)

    def goals(self):
        return [self.cleaned_data[f"goal_{n}"] for n in range(1, 6)]


class ActionForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IdpAction.Kind.choices)
    title = forms.CharField(label=_("Action"), required=False, max_length=200)
    course = forms.ModelChoiceField(label=_("Course"), required=False, queryset=Course.objects.all())
    owner = forms.CharField(label=_("Owner"), required=False, max_length=60)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class ProgressForm(Styled, forms.Form):
    action = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=IdpAction.Status.choices)
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=1000)


class CommentForm(Styled, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class ReviewForm(Styled, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IdpReview.Outcome.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class ConversationForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Conversation.Kind.choices)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
