"""Promises with their history, the policy that judges them, and vouchers that make up."""

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.vocabulary.promises import PromiseSource, PromiseState


def default_compensation() -> list[list[int]]:
    # [business days late, voucher in cents]: bol.com's €5 for a day, more for longer.
    return [[1, 500], [3, 1000], [5, 1500]]


class PromisePolicy(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="promise_policy"
    )
    # Not received by the carrier by this time the day before the promised date: at risk.
    handover_cutoff = models.TimeField(_("hand-over cut-off (day before)"), default=time(22, 0))
    # No sort/depot scan by this time on the promised date: at risk.
    sort_deadline = models.TimeField(_("sort scan deadline"), default=time(9, 0))
    quiet_from = models.TimeField(_("quiet hours from"), default=time(21, 0))
    quiet_until = models.TimeField(_("quiet hours until"), default=time(8, 0))
    compensation = models.JSONField(_("compensation tiers"), default=default_compensation)
    auto_approve_cents = models.PositiveIntegerField(
        _("approve automatically up to (cents)"), default=1000
    )
    # Shown with a voucher on the tracking page: where and how it can be used.
    voucher_terms = models.TextField(
        _("where the voucher can be used"),
        blank=True,
        help_text=_(
            'Shown with the voucher on the tracking page, e.g. "Use it at checkout on '
            'https://shop.example within three months." Empty: a general sentence.'
        ),
    )
    rules = models.JSONField(
        _("rules in use"),
        default=list,
        blank=True,
        help_text=_("empty: all rules"),
    )

    class Meta:
        verbose_name = _("promise policy")
        verbose_name_plural = _("promise policies")

    def __str__(self) -> str:
        return f"{self.organisation}"


class Promise(models.Model):
    Source = PromiseSource
    State = PromiseState

    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.CASCADE, related_name="promises"
    )
    previous = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="next"
    )
    date = models.DateField(_("promised date"))
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    made_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    # Why it broke (a rule's key), in words a person understands via promises.reasons.
    broken_because = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment"],
                condition=models.Q(state="open"),
                name="one_open_promise_per_shipment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shipment} {self.date} ({self.state})"

    @property
    def is_repromise(self) -> bool:
        return self.previous_id is not None


class Voucher(models.Model):
    """A code the customer spends at the shop: compensation for a broken promise (one per
    order, however often it breaks) or issued by an agent from the desk, with a reason."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("approved")
        PENDING = "pending", _("waiting for approval")

    order = models.ForeignKey("shipments.Order", on_delete=models.CASCADE, related_name="vouchers")
    # The broken promise it makes up for; empty for a voucher an agent issued.
    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, null=True, blank=True, related_name="vouchers"
    )
    code = models.CharField(max_length=20, unique=True)
    amount_cents = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(promise__isnull=False),
                name="one_compensation_voucher_per_order",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def amount(self) -> Decimal:
        """The value in euros."""
        return Decimal(self.amount_cents) / 100
