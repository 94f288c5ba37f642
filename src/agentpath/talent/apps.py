from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "agentpath.talent"
    label = "talent"
    verbose_name = _("Talent and promotion")

    def ready(self):
        from agentpath.careers.requirements import register_competency_namer
        from agentpath.careers.services import register_framework_part

        from . import inbox
        from .competencies import competency_name_of, load_competencies_part

        inbox.register_kinds()
        register_competency_namer(competency_name_of)  # requirements name the competency, never its code
        register_framework_part("talent.competencies", load_competencies_part)  # load-framework cola ships them
