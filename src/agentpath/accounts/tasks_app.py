"""django-tasks-db under a translated name in the admin (its own verbose name is a plain English string).
Kept out of apps.py, where a second AppConfig would hide AccountsConfig from Django's auto-detection."""
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
