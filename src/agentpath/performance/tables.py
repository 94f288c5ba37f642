"""The KPI import history as a django-tables2 table (sorted in the database, paged, exported as shown)."""
import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


class PercentileColumn(tables.Column):
    """Percentiles in one format everywhere: one decimal."""

    def render(self, value):
        return number_format(round(value, 1), 1)

    def value(self, value):
        return round(value, 1)


class TeamKpiTable(tables.Table):
    """A team for a period: per composite group its rank, the peer group the rank is within, and the percentile,
    each in its own column; sorted in Python (a team is a few dozen rows)."""

    name = tables.Column(verbose_name=_("employee"), linkify=lambda record: reverse(
        "performance:employee", args=[record["employee_no"]]), attrs={"td": {"class": "text-nowrap"}})
    employee_no = tables.Column(verbose_name=_("employee number"), attrs={"td": {"class": "text-nowrap"}})
    bottom = tables.Column(verbose_name=_("bottom half"), default="", orderable=True,
                           attrs={"td": {"class": "small"}})

    class Meta:
        attrs = {"class": "table table-sm mb-0", "data-testid": "team-table"}
        row_attrs = {"class": lambda record: "table-warning" if record["bottom"] else "",
                     "data-testid": lambda record: f"member-{record['employee_no']}"}
        template_name = "django_tables2/agentpath.html"

    def render_bottom(self, value):
        return format_html('<span class="badge text-bg-warning" data-testid="bottom-half">{}: {}</span>',
                           _("bottom half"), value)

    def value_bottom(self, value):
        return value

    @classmethod
    def for_overview(cls, overview: dict, **kwargs):
        groups, center = overview["groups"], overview["team"].center.name
        rows = []
        for row in overview["rows"]:
            e = row["employee"]
            data = {"name": e.name, "employee_no": e.employee_no, "bottom": ", ".join(row["bottom"])}
            for code, _name in groups:
                r = row["results"].get(code)
                data[f"{code}__rank"] = r.rank if r else None
                data[f"{code}__peer"] = ngettext("%(position)s · %(center)s, %(n)s person",
                                                 "%(position)s · %(center)s, %(n)s people", r.peer_size) % {
                    "position": r.position.display_name, "center": center, "n": r.peer_size} if r else None
                data[f"{code}__percentile"] = r.percentile if r else None
            rows.append(data)
        extra = []
        for code, name in groups:
            extra += [
                (f"{code}__rank", tables.Column(verbose_name=f"{name} · {_('rank')}", default="—",
                                                attrs={"td": {"class": "kpi-number text-end", "data-testid": "rank"},
                                                       "th": {"class": "text-nowrap"}})),
                (f"{code}__peer", tables.Column(verbose_name=_("peer group"), default="—", orderable=False,
                                                attrs={"td": {"class": "small text-nowrap", "data-testid": "peer-group"},
                                                       "th": {"class": "text-nowrap"}})),
                (f"{code}__percentile", PercentileColumn(
                    verbose_name=f"{name} · {_('percentile')}", default="—",
                    attrs={"td": {"class": "kpi-number text-end", "data-testid": "percentile"},
                           "th": {"class": "text-nowrap"}}))]
        return cls(rows, extra_columns=extra, sequence=("name", "employee_no", "...", "bottom"), **kwargs)


class BottomHalfTable(tables.Table):
    """The bottom half of a center's business group for a period (differentiated training, seed 002 §3.5)."""

    employee = tables.Column(verbose_name=_("employee"), accessor="employee__name", attrs={"td": {"class": "text-nowrap"}},
                             linkify=lambda record: reverse("performance:employee", args=[record.employee.employee_no]))
    employee_no = tables.Column(verbose_name=_("employee number"), accessor="employee__employee_no")
    team = tables.Column(verbose_name=_("team"), accessor="team__name", default="—")  # the team in that period
    position = tables.Column(verbose_name=_("position"), accessor="position__display_name",
                             order_by=("position__code",))
    rank = tables.Column(verbose_name=_("rank"), attrs={"td": {"class": "kpi-number text-end"}})
    peer_size = tables.Column(verbose_name=_("peer group size"), attrs={"td": {"class": "kpi-number text-end"}})
    percentile = PercentileColumn(verbose_name=_("percentile"), attrs={"td": {"class": "kpi-number text-end"}})
    deductions = tables.Column(verbose_name=_("deductions"), attrs={"td": {"class": "kpi-number text-end"}})

    class Meta:
        attrs = {"class": "table table-sm mb-0", "data-testid": "center-bottom"}
        row_attrs = {"data-testid": lambda record: f"bottom-{record.employee.employee_no}"}
        template_name = "django_tables2/agentpath.html"
        empty_text = _("Nobody.")
