"""Organisations in one installation, and the API tokens they integrate with."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.brand import (
    validate_brand_colour,
    validate_logo_file,
    validate_sender_name,
    validate_web_address,
)


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
    # The shop's own voice on pages and in mail; every field may stay empty (see voice.py).
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_("The name customers know the shop by; empty: the organisation's name."),
    )
    logo_url = models.URLField(
        _("logo URL"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("An https address of the logo; an uploaded logo is used first."),
    )
    logo_file = models.FileField(
        _("logo"),
        upload_to="brand/",
        blank=True,
        validators=[validate_logo_file],
        help_text=_("PNG, JPEG, WebP, GIF or SVG without scripts, at most 256 KB."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=_("A colour as #RRGGBB; the text on it is chosen to stay readable."),
    )
    support_sender_name = models.CharField(
        _("support sender name"),
        max_length=100,
        blank=True,
        validators=[validate_sender_name],
        help_text=_("The name mail comes from; empty: the display name."),
    )
    support_email = models.EmailField(
        _("support address"),
        blank=True,
        help_text=_(
            "The address mail comes from; its domain must allow this installation to send "
            "(SPF/DKIM). Empty: the installation's address."
        ),
    )
    signature = models.TextField(
        _("signature"),
        max_length=500,
        blank=True,
        help_text=_("Under every mail, below the agent's name; empty: “Customer service <name>”."),
    )
    contact_url = models.URLField(
        _("contact page URL"), max_length=500, blank=True, validators=[validate_web_address]
    )
    privacy_url = models.URLField(
        _("privacy statement URL"), max_length=500, blank=True, validators=[validate_web_address]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def shop_name(self) -> str:
        """The name customers know: the display name, else the organisation's name."""
        return self.display_name or self.name


class Membership(models.Model):
    """A person working for an organisation: what they may see in the desk."""

    class Role(models.TextChoices):
        # Works cases. What each role may do is decided in permissions.py, nowhere else.
        AGENT = "agent", _("agent")
        # Works cases, reads team figures and the audit trail, may see a gift's sender.
        SUPERVISOR = "supervisor", _("supervisor")
        # All of a supervisor's, plus personal-data export and erasure and the settings.
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    team = models.CharField(_("team"), max_length=100, blank=True)
    signature_name = models.CharField(
        _("name in signature"),
        max_length=60,
        blank=True,
        validators=[validate_sender_name],
        help_text=_("How this person signs replies; empty: their first name."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Scope(models.TextChoices):
    """What an API token may reach: each group of API routes requires one scope."""

    SHIPMENTS = "shipments", _("shipments: create and read shipments")
    EVENTS = "events", _("events: send carrier events")
    PROMISES = "promises", _("promises: vouchers and promise figures")
    CASES = "cases", _("cases: effort figures of cases")
    UNDERSTAND = "understand", _("understand: read a customer's message")
    DRIVERS = "drivers", _("drivers: drivers, stops and sign-in codes")
    RETURNS = "returns", _("returns: labels and settled returns")
    REQUESTS = "requests", _("requests: answer Halte's requests")
    GIFTS = "gifts", _("gifts: gift details of orders")
    PRIVACY = "privacy", _("privacy: export and erasure of personal data")


def all_scopes() -> list[str]:
    """Every scope: what a token issued before scopes existed may reach, unchanged."""
    return list(Scope.values)


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the key is shown once when issued."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(
        _("scopes"),
        default=all_scopes,
        help_text=_("The groups of API routes this token may reach; any other answers 403."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name} ({self.prefix}…)"
