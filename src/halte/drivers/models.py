"""Drivers, their stops of the day, their sign-in codes and every tap they make at a door."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.shipments.models import Shipment
from halte.vocabulary.status import DeliveryPlace, FailureReason


class Driver(models.Model):
    """A person who delivers for a carrier organisation; signs in with a code from the depot."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drivers")
    # The carrier's own id for the driver: what its API calls and CSV files name.
    reference = models.CharField(_("reference"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    depot = models.CharField(_("depot"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="driver_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class Stop(models.Model):
    """One parcel on one driver's route on one day, in route order."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        # The recipient is looking at a damaged box while the driver waits.
        INSPECTING = "inspecting", _("recipient inspecting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("not delivered")
        REFUSED = "refused", _("refused at the door")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="stops")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="stops")
    route_date = models.DateField(_("date"))
    route_order = models.PositiveIntegerField(_("route order"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="planned")
    damaged = models.BooleanField(_("box damaged"), default=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["route_date", "driver", "route_order"]
        constraints = [
            # A parcel is on one route a day; planning it again moves it.
            models.UniqueConstraint(fields=["shipment", "route_date"], name="stop_once_a_day"),
        ]
        indexes = [models.Index(fields=["driver", "route_date", "route_order"], name="stop_route")]

    def __str__(self) -> str:
        return f"{self.route_date} #{self.route_order} {self.shipment}"

    @property
    def is_settled(self) -> bool:
        return self.state in {self.State.DELIVERED, self.State.FAILED, self.State.REFUSED}


class SignInCode(models.Model):
    """A short-lived, one-time code the depot gives a driver; only its digest is kept."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="sign_in_codes")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.driver} until {self.expires_at:%H:%M}"


class Tap(models.Model):
    """One thing a driver recorded at a door, stored once however often the phone sends it."""

    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("not delivered")
        DAMAGED = "damaged", _("box damaged")
        ACCEPTED = "accepted", _("accepted after inspection")
        REFUSED = "refused", _("refused at the door")

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="taps")
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="taps")
    # Made on the phone when the driver tapped: a replay of the same tap carries the same id.
    client_id = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.CharField(
        _("delivery place"), max_length=20, choices=DeliveryPlace.choices, blank=True
    )
    place_detail = models.CharField(_("delivery place detail"), max_length=200, blank=True)
    reason = models.CharField(
        _("failure reason"), max_length=20, choices=FailureReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    photo = models.FileField(_("photo"), upload_to="drivers/%Y/%m/", blank=True)
    # When the driver tapped (the phone's clock), not when the tap reached Halte.
    occurred_at = models.DateTimeField(_("tapped at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tap")
        verbose_name_plural = _("taps")
        constraints = [
            models.UniqueConstraint(fields=["driver", "client_id"], name="tap_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.stop} @ {self.occurred_at:%H:%M}"
