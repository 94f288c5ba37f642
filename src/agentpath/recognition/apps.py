from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "agentpath.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from agentpath.careers.services import register_framework_part

        from . import inbox
        from .services import load_default_badges

        register_framework_part("recognition.badges", load_default_badges)  # load-framework cola ships them
        inbox.register_kinds()
