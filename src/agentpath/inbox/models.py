from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboxItem(models.Model):
    """One thing decided about (or for) a person, for one recipient. `kind` names an entry of the kinds registry
    (agentpath.inbox.kinds) whose title is translated when it is shown, filled from `params`; `key` names the
    event, so that an event delivers its item once however often it runs (unique per recipient)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("event key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="inbox_item_once_per_event")]
        # The unread count of the navigation: one index-only count per page.
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_unread")]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.key}"
