from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "agentpath.talent"
    label = "talent"
    verbose_name = _("Talent and promotion")

    def ready(self):
        from . import inbox

        inbox.register_kinds()
