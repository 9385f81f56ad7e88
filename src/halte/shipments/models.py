"""Orders, shipments and the carrier events that tell where a shipment is."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.vocabulary.carriers import CARRIER_CHOICES
from halte.vocabulary.postcodes import display_postcode
from halte.vocabulary.status import DeliveryPlace, FailureReason, Status


class Order(models.Model):
    """A webshop order and the promise made at checkout."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="orders")
    reference = models.CharField(_("reference"), max_length=100)
    placed_at = models.DateTimeField(_("placed at"))
    promised_date = models.DateField(_("promised delivery date"), null=True, blank=True)
    promised_window_start = models.TimeField(_("promised window from"), null=True, blank=True)
    promised_window_end = models.TimeField(_("promised window until"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="order_ref_unique"),
        ]

    def __str__(self) -> str:
        return self.reference


class Shipment(models.Model):
    class Kind(models.TextChoices):
        PARCEL = "parcel", _("parcel")
        MAILBOX_PARCEL = "mailbox_parcel", _("mailbox parcel")
        # On its way back to the shop; halte.returns links it to the parcel it returns.
        RETURN = "return", _("return")

    class Country(models.TextChoices):
        NL = "NL", _("Netherlands")
        BE = "BE", _("Belgium")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shipments"
    )
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="shipments"
    )
    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    tracking_code = models.CharField(_("tracking code"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARCEL)

    recipient_name = models.CharField(_("recipient name"), max_length=200)
    recipient_email = models.EmailField(_("recipient e-mail"), blank=True)
    recipient_phone = models.CharField(_("recipient phone"), max_length=32, blank=True)
    # Stored without spaces in upper case ("3511AB"), the way it is looked up.
    postcode = models.CharField(_("postcode"), max_length=8)
    house_number = models.PositiveIntegerField(_("house number"))
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    # Derived from the events by shipments.journey; never set by hand.
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.ANNOUNCED
    )
    status_at = models.DateTimeField(_("status since"), null=True, blank=True)
    delivery_place = models.CharField(
        _("delivery place"), max_length=20, choices=DeliveryPlace.choices, blank=True
    )
    delivery_place_detail = models.CharField(_("delivery place detail"), max_length=200, blank=True)
    failure_reason = models.CharField(
        _("failure reason"), max_length=20, choices=FailureReason.choices, blank=True
    )
    window_start = models.DateTimeField(_("window from"), null=True, blank=True)
    window_end = models.DateTimeField(_("window until"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            # A tracking code names one parcel at its carrier, whichever shop sent it: the
            # public look-up, the contact form and inbound mail must never pick between shops.
            models.UniqueConstraint(
                fields=["carrier", "tracking_code"], name="shipment_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["tracking_code"], name="shipment_tracking_code")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_code}"

    @property
    def postcode_display(self) -> str:
        return display_postcode(self.postcode)


class TrackingEvent(models.Model):
    """One carrier scan, stored as received and as normalised; kept even before its shipment."""

    # Neither key has an index of its own: the unique key starts with the organisation and
    # event_shipment_time with the shipment, and every index costs each of millions of inserts.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Null while the shipment is not yet announced; attached when it arrives.
    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    tracking_code = models.CharField(_("tracking code"), max_length=64)
    # The carrier's event id, or a digest of the event's content: what makes a resend a duplicate.
    event_key = models.CharField(max_length=100)
    raw_code = models.CharField(_("carrier code"), max_length=100)
    raw_description = models.CharField(_("carrier description"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices)
    delivery_place = models.CharField(max_length=20, choices=DeliveryPlace.choices, blank=True)
    delivery_place_detail = models.CharField(max_length=200, blank=True)
    failure_reason = models.CharField(max_length=20, choices=FailureReason.choices, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        constraints = [
            # With the moment: on PostgreSQL the table is partitioned by month of occurred_at,
            # and a unique key must hold the partition key. A resend carries its moment; the
            # same key at a moment within SAME_MOMENT is folded by the scan rule (scans.py).
            models.UniqueConstraint(
                fields=["organisation", "carrier", "event_key", "occurred_at"],
                name="event_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["shipment", "occurred_at"], name="event_shipment_time"),
            # Partial: only events still waiting for their shipment, a handful at any time.
            models.Index(
                fields=["organisation", "carrier", "tracking_code"],
                name="event_pending_lookup",
                condition=models.Q(shipment__isnull=True),
            ),
            # Partial: only unmapped events, which an admin's mapping re-reads.
            models.Index(
                fields=["carrier", "raw_code"],
                name="event_raw_code",
                condition=models.Q(status="unmapped"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.raw_code} @ {self.occurred_at:%Y-%m-%d %H:%M}"
