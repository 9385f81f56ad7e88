"""Carrier codes Halte has seen, and what an admin says they mean."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.carriers.error_codes import CarrierErrorCode
from halte.vocabulary.carriers import CARRIER_CHOICES, normalise_code
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status


class CarrierCode(models.Model):
    """A carrier's own status code; unmapped ones are listed for an admin to map."""

    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    code = models.CharField(
        _("code"), max_length=100, help_text=_("Stripped and in lower case, as it is looked up.")
    )
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
    example_tracking_code = models.CharField(_("first seen on"), max_length=64, blank=True)
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Looked up by the normalised code (halte.carriers.meanings), so only that form is kept:
        # `J05`, `j05` and `" j05 "` are one code with one mapping.
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    @property
    def is_mapped(self) -> bool:
        return self.status != Status.UNMAPPED

    def clean(self) -> None:
        if self.delivery_place and self.status != Status.DELIVERED:
            raise ValidationError(
                {
                    "delivery_place": ValidationError(
                        _("A delivery place only goes with the status delivered."),
                        code=CarrierErrorCode.PLACE_WITHOUT_DELIVERY,
                    )
                }
            )
        if self.failure_reason and self.status != Status.DELIVERY_FAILED:
            raise ValidationError(
                {
                    "failure_reason": ValidationError(
                        _("A failure reason only goes with the status delivery failed."),
                        code=CarrierErrorCode.REASON_WITHOUT_FAILURE,
                    )
                }
            )


class CarrierAccount(models.Model):
    """An organisation's account with a carrier: the webhook secret and the tracking API."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="carrier_accounts"
    )
    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    # A push is accepted when it verifies under this secret (shared secret or HMAC key).
    webhook_secret = models.CharField(_("webhook secret"), max_length=200, blank=True)
    api_url = models.URLField(_("tracking API base URL"), blank=True)
    api_key = models.CharField(
        _("tracking API key"),
        max_length=200,
        blank=True,
        help_text=_(
            "PostNL, DHL: API key; DPD: password; GLS: OAuth client secret; bpost: passphrase."
        ),
    )
    api_user = models.CharField(
        _("tracking API user"),
        max_length=100,
        blank=True,
        help_text=_("DPD: delisId; GLS: OAuth client id; bpost: account id; others: empty."),
    )
    polling = models.BooleanField(
        _("poll the tracking API"),
        default=False,
        help_text=_("For carriers that do not push: refresh undelivered shipments on a schedule."),
    )
    poll_every_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=30)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("carrier account")
        verbose_name_plural = _("carrier accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "carrier"], name="carrier_account_unique"
            ),
            # The secret decides whose push it is: two accounts may never share one.
            models.UniqueConstraint(
                fields=["carrier", "webhook_secret"],
                condition=~models.Q(webhook_secret=""),
                name="carrier_account_secret_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_carrier_display()}"

    def clean(self) -> None:
        if self.polling and not self.api_url:
            raise ValidationError(
                {
                    "api_url": ValidationError(
                        _("Polling needs the base URL of the carrier's tracking API."),
                        code=CarrierErrorCode.POLLING_WITHOUT_URL,
                    )
                }
            )


class ShipmentPoll(models.Model):
    """When a shipment is next asked of its carrier's API, and how the last attempts went."""

    shipment = models.OneToOneField(
        "shipments.Shipment", on_delete=models.CASCADE, primary_key=True, related_name="poll"
    )
    next_poll_at = models.DateTimeField(_("next poll"), db_index=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    # Consecutive failures; each one doubles the wait before the next attempt.
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("shipment poll")
        verbose_name_plural = _("shipment polls")

    def __str__(self) -> str:
        return f"poll {self.shipment_id}"
