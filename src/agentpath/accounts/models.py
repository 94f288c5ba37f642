"""Users and their roles (DOMAIN.md, roles table). Who sees what is decided in org.scoping."""
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEADER = "team_leader", _("Team leader")
    TRAINER = "trainer", _("Trainer")
    QA = "qa", _("QA")
    CENTER_MANAGER = "center_manager", _("Center manager")
    HR_ADMIN = "hr_admin", _("HR admin")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    employee = models.OneToOneField("org.Employee", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="user", verbose_name=_("employee record"))
    centers = models.ManyToManyField("org.Center", blank=True, related_name="+", verbose_name=_("centers served"),
                                     help_text=_("for center managers and QA: the centers they serve"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_perm(self, perm, obj=None):
        # HR admins run the framework, rules, imports and audits: the whole admin is theirs.
        if self.is_active and self.role == Role.HR_ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and self.role == Role.HR_ADMIN:
            return True
        return super().has_module_perms(app_label)

    def save(self, *args, **kwargs):
        # HR admins work in the Django admin (framework editing); nobody else does.
        self.is_staff = self.is_superuser or self.role == Role.HR_ADMIN
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A bearer token for integrations. Only a hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80, default="integration")
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} / {self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "integration") -> tuple["ApiToken", str]:
        key = "ap_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:8], key_hash=cls.hash_key(key))
        return token, key
