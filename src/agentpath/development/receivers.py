"""development's reactions to what happens below it (connected in DevelopmentConfig.ready())."""
from django.dispatch import receiver

from agentpath.org.signals import employees_hired

from .services import create_onboarding_plans


@receiver(employees_hired, dispatch_uid="development.onboarding_plans")
def give_new_hires_their_onboarding_plan(sender, employees, **kwargs):
    create_onboarding_plans(employees)  # seed 003: the new hires' 90-day skills plans, one insert per batch
