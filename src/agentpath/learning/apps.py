from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "agentpath.learning"
    label = "learning"
    verbose_name = _("Training")

    def ready(self):
        from agentpath.careers.services import register_framework_part
        from agentpath.org.scoping import register_trainee_rule
        from agentpath.performance.derived import register_person_fact

        from . import inbox
        from .catalogue import load_framework_courses
        from .kpi_facts import trainer_pass_rates, trainer_ratings
        from .selectors import trained_by

        register_framework_part("learning.courses", load_framework_courses)
        register_person_fact("trainer_rating", trainer_ratings)  # the trainer scorecard ranks like agents
        register_person_fact("trainer_pass_rate", trainer_pass_rates)
        inbox.register_kinds()
        register_trainee_rule("learning.enrolments-and-sessions", trained_by)
