"""Return policies per organisation, and returns: each one a shipment of its own."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.cases.models import Case
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.shipments.models import Shipment


class RefusalRemedy(models.TextChoices):
    """What Halte asks the shop for by itself when a parcel is refused at the door."""

    REFUND = "refund", _("refund")
    REPLACEMENT = "replacement", _("replacement")
    ASK_SHOP = "ask_shop", _("ask the shop what to do")


class WayBack(models.TextChoices):
    DROP_OFF = "drop_off", _("drop-off point")
    PICKUP = "pickup", _("picked up at home")
    # Refused at the door: the driver took it back on the spot.
    DRIVER = "driver", _("taken back by the driver")


class ReturnPolicy(models.Model):
    """One organisation's return rules; without a row the defaults in `rules.py` hold."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="return_policy"
    )
    window_days = models.PositiveSmallIntegerField(
        _("return window (days after delivery)"),
        default=30,
        # The legal cooling-off period in the Netherlands and Belgium is the floor; a year the
        # ceiling, past which "within the window" says nothing.
        validators=[MinValueValidator(14), MaxValueValidator(365)],
        help_text=_("At least 14: the legal cooling-off period in the Netherlands and Belgium."),
    )
    offers_drop_off = models.BooleanField(_("offer a drop-off point"), default=True)
    offers_pickup = models.BooleanField(_("offer pickup at home"), default=False)
    on_refusal = models.CharField(
        _("when refused at the door"),
        max_length=20,
        choices=RefusalRemedy.choices,
        default=RefusalRemedy.ASK_SHOP,
    )
    returns_email = models.EmailField(
        _("returns e-mail address"),
        blank=True,
        help_text=_("Where Halte tells the shop about a return; empty: webhook and desk only."),
    )

    class Meta:
        verbose_name = _("return policy")
        verbose_name_plural = _("return policies")

    def __str__(self) -> str:
        return str(self.organisation)


class ReturnReason(models.Model):
    """A reason the shop offers; the code is what webhooks and the dashboard count by."""

    policy = models.ForeignKey(ReturnPolicy, on_delete=models.CASCADE, related_name="reasons")
    code = models.SlugField(_("code"), max_length=40)
    label_nl = models.CharField(_("label (Dutch)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    needs_photo = models.BooleanField(_("needs a photo"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="return_reason_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Return(models.Model):
    class Label(models.TextChoices):
        REQUESTED = "requested", _("label requested")
        READY = "ready", _("label ready")
        # No webhook configured: nobody was asked, a person arranges the label.
        NOT_REQUESTED = "not_requested", _("label not requested")
        # Refused at the door: the driver has it already.
        NOT_NEEDED = "not_needed", _("no label needed")

    class Refund(models.TextChoices):
        REQUESTED = "requested", _("requested")
        REFUNDED = "refunded", _("refunded")
        REFUSED = "refused", _("refused")
        REPLACEMENT_SENT = "replacement_sent", _("replacement sent")

    # The settled refund states: the return is over, and another may be started.
    SETTLED = (Refund.REFUNDED, Refund.REFUSED, Refund.REPLACEMENT_SENT)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    original = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="returns")
    shipment = models.OneToOneField(Shipment, on_delete=models.CASCADE, related_name="return_of")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=40)
    reason_label = models.CharField(_("reason as shown"), max_length=100)
    text = models.TextField(_("customer's words"), blank=True)
    way_back = models.CharField(_("way back"), max_length=20, choices=WayBack.choices)
    refused_at_door = models.BooleanField(_("refused at the door"), default=False)
    photos = models.PositiveSmallIntegerField(_("photos"), default=0)
    language = models.CharField(max_length=5, default="nl")

    label = models.CharField(_("label"), max_length=20, choices=Label.choices)
    label_request = models.ForeignKey(
        Dispatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label_carrier = models.CharField(_("label carrier"), max_length=20, blank=True)
    label_tracking_code = models.CharField(_("label tracking code"), max_length=64, blank=True)
    label_url = models.URLField(_("label URL"), max_length=500, blank=True)
    label_qr = models.CharField(_("QR code text"), max_length=500, blank=True)
    label_at = models.DateTimeField(_("label received"), null=True, blank=True)

    refund = models.CharField(
        _("refund"), max_length=20, choices=Refund.choices, default=Refund.REQUESTED
    )
    # The shop's own words with a refusal or refund, shown to the customer.
    refund_note = models.CharField(_("shop's note"), max_length=500, blank=True)
    remedy_request = models.ForeignKey(
        Dispatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"))
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One open return per parcel: a second press, or a second tab, gets the first one.
            models.UniqueConstraint(
                fields=["original"],
                name="one_open_return_per_parcel",
                condition=models.Q(refund="requested"),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "reason"], name="return_reason_count")]

    def __str__(self) -> str:
        return f"{self.shipment.tracking_code} ← {self.original.tracking_code}"

    @property
    def is_settled(self) -> bool:
        return self.refund in self.SETTLED
