from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "agentpath.careers"
    label = "careers"
    verbose_name = _("Career framework")

    def ready(self):
        from . import signals  # noqa: F401
