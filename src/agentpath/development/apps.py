from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "agentpath.development"
    label = "development"
    verbose_name = _("Career development")

    def ready(self):
        from agentpath.performance.derived import register_member_fact

        from . import inbox, receivers  # noqa: F401  (connects development's receivers of org.signals)
        from .kpi_facts import idp_agreed

        register_member_fact("team_idp_agreed", idp_agreed)  # a team leader's team metric
        inbox.register_kinds()
