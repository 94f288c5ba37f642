"""The people list as a django-tables2 table: every column sorts in the database, personal data masked by scoping."""
import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agentpath.org import scoping

from .exits import describe
from .selectors import months_in_level, tenure_months, with_exit_cause

STATUS_BADGE = {"active": "text-bg-success", "leave": "text-bg-warning", "exited": "text-bg-secondary"}
PAGE_SIZES = (25, 50, 100, 200)


def _months(n) -> str:
    return "—" if n is None else ngettext("%(m)s month", "%(m)s months", n) % {"m": n}


class EmployeeTable(tables.Table):
    employee_no = tables.Column(verbose_name=_("Number"), linkify=("org:employee-detail", [tables.A("employee_no")]))
    name = tables.Column(verbose_name=_("Name"), linkify=("employee-path", [tables.A("employee_no")]))
    center = tables.Column(verbose_name=_("Center"), accessor="center__name")
    team = tables.Column(verbose_name=_("Team"), accessor="team__name", default="—")
    position = tables.Column(verbose_name=_("Position"), accessor="position__display_name", default="—",
                             order_by=("position__code",))
    level = tables.Column(verbose_name=_("Level"), accessor="level__display_name",
                          order_by=("level__track__order", "level__order"))
    grade = tables.Column(verbose_name=_("Grade"), attrs={"td": {"class": "text-end"}})
    hire_date = tables.DateColumn(verbose_name=_("Hire date"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    # Longer in the company = earlier start: sorting by these sorts by the start of the stay, in the database.
    tenure = tables.Column(verbose_name=_("Tenure"), empty_values=(), order_by=("-hire_date",),
                           attrs={"td": {"class": "text-end text-nowrap"}})
    months_in_level = tables.Column(verbose_name=_("Months in level"), empty_values=(), order_by=("-level_since",),
                                    attrs={"td": {"class": "text-end text-nowrap"}})
    status = tables.Column(verbose_name=_("Status"))
    exit_date = tables.DateColumn(verbose_name=_("Exit date"), format="Y-m-d", default="—",
                                  attrs={"td": {"class": "text-nowrap"}})
    # Voluntary or not and the reason: with the personal data, for those who may see it (scoping); hidden otherwise.
    exit_reason = tables.Column(verbose_name=_("Exit reason"), accessor="exit_cause", default="—", orderable=False)
    phone = tables.Column(verbose_name=_("Phone"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover mb-0", "id": "employee-table"}
        order_by = ("employee_no",)
        template_name = "django_tables2/agentpath.html"  # paging: templates/_list_pager.html

    def __init__(self, data, *args, user, exclude=(), **kwargs):
        if not scoping.can_see_personal_data(user):
            exclude = (*exclude, "exit_reason")
        super().__init__(with_exit_cause(data), *args, exclude=exclude, **kwargs)
        self.user, self.today = user, timezone.localdate()

    def render_exit_reason(self, value):
        return str(describe(value)) or "—"

    def render_tenure(self, record):
        return _months(tenure_months(record, self.today))

    def render_months_in_level(self, record):
        return _months(months_in_level(record, self.today))

    def render_status(self, record):
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGE.get(record.status, ""),
                           record.get_status_display())

    def render_phone(self, record):
        value = scoping.personal_value(self.user, record, "phone") or "—"
        if scoping.can_see_personal_data(self.user, record):
            return value
        return format_html('<span class="masked">{}</span>', value)
