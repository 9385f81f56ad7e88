"""Organisations in one installation, and the API tokens they integrate with."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        RETAILER = "retailer", _("retailer")
        MARKETPLACE = "marketplace", _("marketplace")
        CARRIER = "carrier", _("carrier")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RETAILER)
    # Business hours and public holidays of this country decide when SLA clocks run.
    country = models.CharField(_("country"), max_length=2, default="NL")
    business_hours_start = models.TimeField(_("business hours from"), default=time(8, 0))
    business_hours_end = models.TimeField(_("business hours until"), default=time(18, 0))
    # Where Halte posts what changed (address corrections, …), signed with the secret.
    webhook_url = models.URLField(_("webhook URL"), blank=True)
    webhook_secret = models.CharField(_("webhook secret"), max_length=100, blank=True)
    # What a customer may choose when a parcel arrives damaged.
    damage_remedies = models.CharField(
        _("remedies for damage"),
        max_length=100,
        default="replacement,return",
        help_text=_("comma-separated: replacement, return, refund"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person working for an organisation: what they may see in the desk."""

    class Role(models.TextChoices):
        AGENT = "agent", _("agent")
        MANAGER = "manager", _("manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    team = models.CharField(_("team"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the key is shown once when issued."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name} ({self.prefix}…)"
