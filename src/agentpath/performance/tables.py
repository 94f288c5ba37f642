"""The KPI import history as a django-tables2 table (sorted in the database, paged, exported as shown)."""
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class KpiImportTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=_("when"), format="Y-m-d H:i")
    file_name = tables.Column(verbose_name=_("file"), linkify=("performance:import-status", [tables.A("pk")]),
                              default="—")
    source = tables.Column(verbose_name=_("source"))
    created_by = tables.Column(verbose_name=_("imported by"), accessor="created_by__username", default="—")
    status = tables.Column(verbose_name=_("status"))
    rows_read = tables.Column(verbose_name=_("rows"), attrs={"td": {"class": "kpi-number text-end"}})
    created = tables.Column(verbose_name=_("new"), attrs={"td": {"class": "kpi-number text-end"}})
    updated = tables.Column(verbose_name=_("corrected"), attrs={"td": {"class": "kpi-number text-end"}})
    error_count = tables.Column(verbose_name=_("errors"), attrs={"td": {"class": "kpi-number text-end"}})

    class Meta:
        attrs = {"class": "table table-sm mb-0", "data-testid": "kpi-imports"}
        order_by = ("-created_at",)
        template_name = "django_tables2/agentpath.html"
        empty_text = _("No imports yet.")

    def export_rows(self):
        """The rows as shown (display values of the choices), for the XLSX export."""
        for i in self.data.data.iterator():
            yield [i.created_at, i.file_name, i.get_source_display(), i.created_by.username if i.created_by else "",
                   i.get_status_display(), i.rows_read, i.created, i.updated, i.error_count]

    def export_headers(self):
        return [str(c.header) for c in self.columns]
