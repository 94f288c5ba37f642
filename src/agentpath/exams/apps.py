from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "agentpath.exams"
    label = "exams"
    verbose_name = _("Exams")

    def ready(self):
        from agentpath.org.scoping import register_trainee_rule

        from . import inbox
        from .selectors import takers_of_exams_owned_by

        inbox.register_kinds()
        register_trainee_rule("exams.takers", takers_of_exams_owned_by)
