"""Forms of the exam authoring pages: the exam template, its blueprint grid (topic × difficulty), its overrides,
and the question bank's filter."""
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level

from .authoring import REVIEW_FIELDS, TEMPLATE_FIELDS
from .models import Exam, Question

# The review options' grid on the exam form: (audience label, [(part, field name or None)])
REVIEW_GRID = [
    (_("Takers (their own result)"), ["taker_score", "taker_answers", "taker_key", "taker_explanations"]),
    (_("Team leaders and center managers"), ["supervisor_score", "supervisor_answers", "supervisor_key",
                                             "supervisor_explanations"]),
    (_("QA"), ["qa_score", None, None, None]),
]
REVIEW_PARTS = [_("Score"), _("Answers"), _("Answer key"), _("Explanations")]

DIFFICULTIES = (1, 2, 3)
MAX_CELL = 200


def _when(label, required=True):
    return forms.DateTimeField(label=label, required=required,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class ExamForm(forms.ModelForm):
    """The template's fields. The code is asked once, when the exam is created."""

    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("letters, digits and dashes, e.g. m-2026-10"))
    opens_at = _when(_("Opens at"))
    closes_at = _when(_("Closes at"))
    audience_levels = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Audience levels"),
                                                     widget=forms.CheckboxSelectMultiple)
    audience_teams = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Audience teams"),
                                                    widget=forms.CheckboxSelectMultiple)
    kpi_date = forms.DateField(label=_("KPI date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("the day the monthly exam's score is recorded; empty: the closing day"))

    class Meta:
        model = Exam
        fields = ["code", "title", "time_limit_minutes", "pass_mark", "attempts_allowed", "opens_at", "closes_at",
                  "audience_levels", "audience_teams", "writes_kpi", "kpi_date", *REVIEW_FIELDS]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_levels"].queryset = Level.objects.select_related("track").order_by(
            "track__order", "order")
        self.fields["audience_teams"].queryset = teams.order_by("center__code", "code")
        for name, low, high in (("pass_mark", 0, 100), ("time_limit_minutes", 1, 600), ("attempts_allowed", 1, 10)):
            self.fields[name].validators += [MinValueValidator(low), MaxValueValidator(high)]
            self.fields[name].widget.attrs.update(min=low, max=high)
        if self.instance.pk:
            del self.fields["code"]
        for name in REVIEW_FIELDS:  # left out: the exam's default (score at once, the rest after the window)
            self.fields[name].required = False
            self.fields[name].widget.attrs.update({"class": "form-select form-select-sm"})
        for field in self.fields.values():
            if not isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def template_fields(self) -> dict:
        return {k: self.cleaned_data[k] or Exam._meta.get_field(k).default if k in REVIEW_FIELDS
                else self.cleaned_data[k] for k in TEMPLATE_FIELDS}

    def review_grid(self) -> list:
        """The review options as rows of the grid (audience, [bound field or None])."""
        return [(label, [self[name] if name else None for name in names]) for label, names in REVIEW_GRID]


class OverrideForm(forms.Form):
    """Extra time or a make-up window for one employee (by employee number) or one team."""

    employee_no = forms.CharField(label=_("Employee number"), max_length=20, required=False)
    team = forms.ModelChoiceField(queryset=None, label=_("Team"), required=False)
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=0, max_value=600, required=False)
    opens_at = _when(_("Make-up window opens"), required=False)
    closes_at = _when(_("Make-up window closes"), required=False)

    def __init__(self, *args, teams, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.employees = employees
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["team"].widget.attrs.update({"class": "form-select form-select-sm", "style": "min-width:9rem"})
        self.fields["extra_minutes"].widget.attrs["style"] = "min-width:5rem"

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        if not number:
            return None
        employee = self.employees.filter(employee_no=number).first()
        if employee is None:
            raise forms.ValidationError(_("No employee with the number %(no)s in your centers."), params={"no": number})
        return employee

    def as_override(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(k) for k in ("employee_no", "team", "extra_minutes", "opens_at", "closes_at")):
            return None  # an empty row
        return {"employee": data.get("employee_no"), "team": data.get("team"),
                "extra_minutes": data.get("extra_minutes") or 0, "opens_at": data.get("opens_at"),
                "closes_at": data.get("closes_at")}


OverrideFormSet = forms.formset_factory(OverrideForm, extra=2, max_num=200)


def blueprint_from(post, grid: dict) -> tuple[list, list]:
    """The blueprint grid's cells from a POST: fields named bp-<row>-<difficulty> with the row's topic in
    bp-<row>-topic. Returns ([(topic, difficulty, count)], [errors])."""
    cells, errors = [], []
    rows = sorted({k.split("-")[1] for k in post if k.startswith("bp-") and k.endswith("-topic")},
                  key=lambda r: int(r) if r.isdigit() else 0)
    for row in rows:
        topic = post.get(f"bp-{row}-topic", "").strip()
        for d in DIFFICULTIES:
            raw = post.get(f"bp-{row}-{d}", "").strip()
            if not raw:
                continue
            if not raw.isdigit() or int(raw) > MAX_CELL:
                errors.append(_("Topic “%(topic)s”, difficulty %(d)s: “%(value)s” is not a number of questions "
                                "from 0 to %(max)s.") % {"topic": topic, "d": d, "value": raw, "max": MAX_CELL})
                continue
            if int(raw) and topic:
                cells.append((topic, d, int(raw)))
    return cells, errors


def grid_rows(grid: dict, cells) -> list[dict]:
    """The rows the grid template shows: topic, and per difficulty the count asked and the ready questions."""
    asked = {(t, d): n for t, d, n in cells}
    return [{"topic": topic, "cells": [{"difficulty": d, "asked": asked.get((topic, d), ""), "have": have[d],
                                        "short": asked.get((topic, d), 0) > have[d]} for d in DIFFICULTIES]}
            for topic, have in grid.items()]


class QuestionFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    difficulty = forms.TypedChoiceField(label=_("Difficulty"), required=False, coerce=int, empty_value=None,
                                        choices=[("", "—")] + [(d, str(d)) for d in DIFFICULTIES])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—")] + Question.Status.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—")] + [
            (t, t) for t in Question.objects.values_list("topic", flat=True).distinct().order_by("topic")]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
