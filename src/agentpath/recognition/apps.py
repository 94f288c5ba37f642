from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "agentpath.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from agentpath.careers.services import register_framework_part
        from agentpath.common import covariates

        from . import inbox
        from .selectors import badges_in_year_before
        from .services import load_default_badges

        register_framework_part("recognition.badges", load_default_badges)  # load-framework cola ships them
        inbox.register_kinds()
        # the flight-risk model (analytics, a sibling that may not import this app) reads badges through common
        covariates.register("badges", _("Badges, last 12 months"), badges_in_year_before)
