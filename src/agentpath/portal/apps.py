from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Pages that compose many apps: each role's home page and a person's three files (docs/architecture.md)."""

    name = "agentpath.portal"
    label = "portal"
    verbose_name = _("Portal")
