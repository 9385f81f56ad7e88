"""Carrier codes Halte has seen, and what an admin says they mean."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.carriers.registry import CARRIERS
from halte.shipments.status import DeliveryPlace, FailureReason, Status

CARRIER_CHOICES = [(c.slug, c.name) for c in CARRIERS.values()]


class CarrierCode(models.Model):
    """A carrier's own status code; unmapped ones are listed for an admin to map."""

    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    code = models.CharField(_("code"), max_length=100)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.UNMAPPED
    )
    delivery_place = models.CharField(
        _("delivery place"), max_length=20, choices=DeliveryPlace.choices, blank=True
    )
    failure_reason = models.CharField(
        _("failure reason"), max_length=20, choices=FailureReason.choices, blank=True
    )
    example_description = models.CharField(_("first description seen"), max_length=500)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now=True)
    seen_count = models.PositiveBigIntegerField(_("times seen"), default=0)

    class Meta:
        verbose_name = _("carrier code")
        verbose_name_plural = _("carrier codes")
        constraints = [
            models.UniqueConstraint(fields=["carrier", "code"], name="carrier_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier}:{self.code}"

    @property
    def is_mapped(self) -> bool:
        return self.status != Status.UNMAPPED
