"""A request to the shop's or the carrier's system on behalf of a case, and its answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch


class CaseRequest(models.Model):
    """One thing an agent asked of the shop or the carrier: sent as a typed webhook, answered
    through the API (`POST /api/v1/requests/{id}/answer`)."""

    class Kind(models.TextChoices):
        # Asked of the carrier (through the organisation's system).
        PROOF_OF_DELIVERY = "proof_of_delivery", _("proof of delivery")
        INVESTIGATION = "investigation", _("investigation")
        # The shop's remedies; the same words as Organisation.damage_remedies.
        REPLACEMENT = "replacement", _("replacement")
        REFUND = "refund", _("refund")
        RETURN_LABEL = "return", _("return label")

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested, waiting for an answer")
        ANSWERED = "answered", _("answered")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")
        # The webhook failed for good: nobody received the request.
        NOT_DELIVERED = "not_delivered", _("not delivered")

    CARRIER_KINDS = (Kind.PROOF_OF_DELIVERY, Kind.INVESTIGATION)
    REMEDY_KINDS = (Kind.REPLACEMENT, Kind.REFUND, Kind.RETURN_LABEL)
    # States that an answer has settled.
    ANSWERED_STATES = (State.ANSWERED, State.CONFIRMED, State.REFUSED)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="requests")
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REQUESTED
    )
    note = models.CharField(_("note for the shop or carrier"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # The webhook that carried it: whether it arrived is the outbox's to say.
    dispatch = models.OneToOneField(
        Dispatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    document_url = models.URLField(_("document"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to a shop or carrier")
        verbose_name_plural = _("requests to shops and carriers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} ({self.state})"

    @property
    def to_carrier(self) -> bool:
        return self.kind in self.CARRIER_KINDS

    @property
    def not_delivered(self) -> bool:
        """Nobody received it: its webhook failed for good and was not sent again since."""
        return self.state == self.State.NOT_DELIVERED and (
            self.dispatch is None or self.dispatch.state == Dispatch.State.FAILED
        )

    @property
    def waiting(self) -> bool:
        """Asked and not answered: also a request an admin sent again after it failed."""
        return self.state == self.State.REQUESTED or (
            self.state == self.State.NOT_DELIVERED and not self.not_delivered
        )
