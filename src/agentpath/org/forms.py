"""Forms of the people pages: the roster upload (the list's filters are org.filters)."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agentpath.common.uploads import CheckedUploadMixin

from .models import ExitReason


class RosterImportForm(CheckedUploadMixin, forms.Form):
    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))
    skip_bad_rows = forms.BooleanField(
        label=_("Skip bad rows"), required=False,
        help_text=_("Store the good rows and list the bad ones. Without it, a file with any bad row stores nothing."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    @property
    def max_megabytes(self) -> str:
        return f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):.1f}".removesuffix(".0")  # MiB, as check_upload says

    @property
    def max_rows(self) -> int:
        return settings.ROSTER_MAX_ROWS


class OrgImportForm(RosterImportForm):
    """Centers and teams (org.importers.structure): the roster form's checks with its own label and row limit."""

    file = forms.FileField(label=_("Centers and teams file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))

    @property
    def max_rows(self) -> int:
        return settings.ORG_IMPORT_MAX_ROWS


class ExitForm(forms.Form):
    """HR records an exit and its facts (services.record_exit); the interview notes are seen by HR only."""

    REGRETTED = [("", _("Not judged")), ("yes", _("Regretted")), ("no", _("Not regretted"))]
    effective_date = forms.DateField(label=_("Exit date"), widget=forms.DateInput(attrs={"type": "date",
                                                                                          "class": "form-control"}))
    last_working_day = forms.DateField(label=_("Last working day"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    exit_type = forms.ChoiceField(label=_("Exit type"), choices=ExitReason.Kind.choices,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.ModelChoiceField(label=_("Exit reason"), queryset=ExitReason.objects.filter(active=True),
                                    required=False, widget=forms.Select(attrs={"class": "form-select"}))
    regretted = forms.ChoiceField(label=_("Regretted loss"), choices=REGRETTED, required=False,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    interview_notes = forms.CharField(label=_("Exit interview notes"), required=False,
                                      widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}))

    def facts(self) -> dict:
        data = dict(self.cleaned_data)
        data["regretted"] = {"yes": True, "no": False}.get(data["regretted"])
        return data
