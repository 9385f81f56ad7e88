"""The inbox of carrier pushes: accepted at once, folded into the shipments by the drainer."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halte.vocabulary.carriers import CARRIER_CHOICES


class ReceivedPush(models.Model):
    """A verified push whose readable events wait for `drain_pushes`; deleted once stored.

    The events are the validated batch items (`CarrierEventInput`, as JSON), so the drainer
    needs neither the body nor the adapter. A push whose events fail to store stays, with the
    error, and is tried again later; the others pass it by.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="received_pushes"
    )
    carrier = models.CharField(_("carrier"), max_length=20, choices=CARRIER_CHOICES)
    events = models.JSONField(_("events"), encoder=DjangoJSONEncoder)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # The drainer takes a push when this moment has passed; later after each failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("received carrier push")
        verbose_name_plural = _("received carrier pushes")
        indexes = [
            models.Index(fields=["next_attempt_at", "id"], name="received_push_due"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} push {self.pk}"
