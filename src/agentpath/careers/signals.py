from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Level, Position, Requirement, Track, Transition
from .services import bump_framework_version, framework_id_of


@receiver([post_save, post_delete], sender=Track)
@receiver([post_save, post_delete], sender=Level)
@receiver([post_save, post_delete], sender=Position)
@receiver([post_save, post_delete], sender=Transition)
@receiver([post_save, post_delete], sender=Requirement)
def framework_changed(sender, instance, **kwargs):
    try:
        bump_framework_version(framework_id_of(instance))
    except (Level.DoesNotExist, Track.DoesNotExist, Transition.DoesNotExist):
        pass  # cascading delete: the parent is already gone
