from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "agentpath.development"
    label = "development"
    verbose_name = _("Career development")

    def ready(self):
        from . import receivers  # noqa: F401  (connects development's receivers of org.signals)
