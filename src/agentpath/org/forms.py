"""Forms of the people pages: the employee list's filters and the roster upload."""
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agentpath.accounts import scoping
from agentpath.careers.models import Level, Track
from agentpath.common.spreadsheets import UploadRejected, check_upload

from .models import Employee


def filter_employees(qs: QuerySet, *, center: str = "", team: str = "", track: str = "", level: str = "",
                     status: str = "", q: str = "") -> QuerySet:
    """The employee-list filters, by code; shared by the page, its export and the API."""
    if center:
        qs = qs.filter(center__code=center)
    if team:
        qs = qs.filter(team__code=team)
    if track:
        qs = qs.filter(level__track__code=track)
    if level:
        qs = qs.filter(level__code=level)
    if status:
        qs = qs.filter(status=status)
    if q:
        q = q.strip()
        qs = qs.filter(Q(employee_no__icontains=q) | Q(name__icontains=q))
    return qs


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or name"), required=False, max_length=60,
                        widget=forms.TextInput(attrs={"placeholder": _("Number or name"), "type": "search"}))
    center = forms.ModelChoiceField(label=_("Center"), queryset=None, required=False, to_field_name="code",
                                    empty_label=_("All centers"))
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, to_field_name="code",
                                  empty_label=_("All teams"))
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.all(), required=False,
                                   to_field_name="code", empty_label=_("All tracks"))
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.select_related("track"), required=False,
                                   to_field_name="code", empty_label=_("All levels"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Employee.Status.choices])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the centers and teams the user may see are offered (scoping decides).
        self.fields["center"].queryset = scoping.centers_visible_to(user)
        self.fields["team"].queryset = scoping.teams_visible_to(user)
        self.fields["level"].label_from_instance = lambda v: f"{v.track.display_name} · {v.display_name}"
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"

    def filtered(self, qs: QuerySet) -> QuerySet:
        if not self.is_bound:
            return qs
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        return filter_employees(qs, center=data["center"].code if data["center"] else "",
                                team=data["team"].code if data["team"] else "",
                                track=data["track"].code if data["track"] else "",
                                level=data["level"].code if data["level"] else "",
                                status=data["status"], q=data["q"])


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))
    skip_bad_rows = forms.BooleanField(
        label=_("Skip bad rows"), required=False,
        help_text=_("Store the good rows and list the bad ones. Without it, a file with any bad row stores nothing."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    @property
    def max_megabytes(self) -> str:
        return f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):.1f}".removesuffix(".0")  # MiB, as check_upload says

    @property
    def max_rows(self) -> int:
        return settings.ROSTER_MAX_ROWS
