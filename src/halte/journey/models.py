"""Touchpoints: each moment a customer meets the service, with a sentiment smiley."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation


class Touchpoint(models.Model):
    class Kind(models.TextChoices):
        ORDER = "order", _("order")
        TRACKING_VIEW = "tracking_view", _("tracking page view")
        FORM = "form", _("contact form")
        EMAIL_IN = "email_in", _("e-mail from customer")
        AUTO_REPLY = "auto_reply", _("automatic acknowledgement")
        AGENT_REPLY = "agent_reply", _("reply from an agent")
        CASE_CLOSED_BY_CUSTOMER = "closed_by_customer", _("customer closed the case")
        CASE_RESOLVED = "case_resolved", _("case resolved")
        DELIVERY = "delivery", _("delivery")
        SELF_SERVICE = "self_service", _("self-service on the tracking page")
        PROACTIVE = "proactive", _("proactive message")
        EFFORT_SCORE = "effort_score", _("effort score")

    class Sentiment(models.IntegerChoices):
        BAD = -2, "😖"
        POOR = -1, "🙁"
        NEUTRAL = 0, "😐"
        GOOD = 1, "🙂"
        GREAT = 2, "😃"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="touchpoints"
    )
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    customer_email = models.EmailField(_("customer e-mail"), blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    sentiment = models.SmallIntegerField(
        _("sentiment"), choices=Sentiment.choices, default=Sentiment.NEUTRAL
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
