"""The people list's filters (django-filter), shared by the page, the level page and the export; the API's are
org.api.EmployeeFilters (ninja FilterSchema) with the same meaning."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level, Track
from agentpath.org import scoping

from .models import Employee

ALL_STATUSES = "all"


class EmployeeFilter(django_filters.FilterSet):
    """Opens on active staff: without a status in the query the list shows active people only (people who left
    are one choice away)."""

    q = django_filters.CharFilter(label=_("Number or name"), method="search")
    center = django_filters.ModelChoiceFilter(label=_("Center"), field_name="center", to_field_name="code",
                                              queryset=None, empty_label=_("All centers"))
    team = django_filters.ModelChoiceFilter(label=_("Team"), field_name="team", to_field_name="code",
                                            queryset=None, empty_label=_("All teams"))
    track = django_filters.ModelChoiceFilter(label=_("Track"), field_name="level__track", to_field_name="code",
                                             queryset=Track.objects.all(), empty_label=_("All tracks"))
    level = django_filters.ModelChoiceFilter(label=_("Level"), field_name="level", to_field_name="code",
                                             queryset=Level.objects.select_related("track"), empty_label=_("All levels"))
    status = django_filters.ChoiceFilter(label=_("Status"), method="by_status", empty_label=None,
                                         choices=[*Employee.Status.choices, (ALL_STATUSES, _("All statuses"))])

    def __init__(self, data, queryset, *, user):
        data = data.copy()
        data.setdefault("status", Employee.Status.ACTIVE)
        super().__init__(data, queryset)
        form_fields = self.form.fields
        form_fields["center"].queryset = scoping.centers_visible_to(user)  # only what the user may see
        form_fields["team"].queryset = scoping.teams_visible_to(user)
        form_fields["level"].label_from_instance = lambda v: f"{v.track.display_name} · {v.display_name}"
        for name, f in form_fields.items():
            f.widget.attrs["class"] = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
        form_fields["q"].widget.attrs.update(type="search", placeholder=_("Number or name"))

    def search(self, qs, _name, value):
        value = value.strip()
        return qs.filter(Q(employee_no__icontains=value) | Q(name__icontains=value)) if value else qs

    def by_status(self, qs, _name, value):
        return qs if value == ALL_STATUSES else qs.filter(status=value)
