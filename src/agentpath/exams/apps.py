from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "agentpath.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self):
        from . import inbox

        inbox.register_kinds()
