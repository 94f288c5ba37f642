"""Filters of the KPI import history (django-filter)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from .models import KpiImport


class KpiImportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=KpiImport.Status.choices,
                                         empty_label=_("All statuses"))
    source = django_filters.ChoiceFilter(label=_("source"), choices=KpiImport.Source.choices,
                                         empty_label=_("All sources"))
    file_name = django_filters.CharFilter(label=_("file"), lookup_expr="icontains")

    class Meta:
        model = KpiImport
        fields = ["status", "source", "file_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.form.fields.items():
            f.widget.attrs["class"] = "form-control form-control-sm" if name == "file_name" else "form-select form-select-sm"
