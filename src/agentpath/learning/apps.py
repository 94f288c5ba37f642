from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "agentpath.learning"
    label = "learning"
    verbose_name = _("Training")

    def ready(self):
        from agentpath.careers.services import register_framework_part

        from .catalogue import load_framework_courses

        register_framework_part("learning.courses", load_framework_courses)
