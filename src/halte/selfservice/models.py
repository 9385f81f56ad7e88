"""What self-service remembers: codes that prove a visitor is the recipient, and address
changes, kept so the recipient on file can undo one that was not theirs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.shipments.models import Shipment

# Wrong tries that end a code, whatever the code was.
MAX_WRONG_TRIES = 5


class RecipientCode(models.Model):
    """A one-time code sent to the recipient's e-mail address or phone on file.

    Only its keyed hash is stored. Holding the tracking code and the postcode shows a parcel;
    changing where it goes needs this code (or the signed link from our own e-mail).
    """

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recipient code")
        verbose_name_plural = _("recipient codes")
        indexes = [models.Index(fields=["shipment", "created_at"], name="recipient_code_recent")]

    def __str__(self) -> str:
        return f"{self.shipment} @ {self.created_at:%Y-%m-%d %H:%M}"


class AddressChange(models.Model):
    """One correction of a parcel's address, with the address it replaced."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="address_changes")
    old_address = models.JSONField()
    new_address = models.JSONField()
    made_at = models.DateTimeField(auto_now_add=True)
    # Who was told, so the desk can see it; the recipient on file is always told.
    notified = models.CharField(max_length=500, blank=True)
    reverted_at = models.DateTimeField(null=True, blank=True)
    # The agent who made the change from the desk; empty when the recipient made it.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The request that passed the change on to the shop's system; if it fails for good and no
    # case follows it, a case opens (selfservice.receivers).
    request = models.ForeignKey(
        "outbox.Dispatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("address change")
        verbose_name_plural = _("address changes")
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.shipment} @ {self.made_at:%Y-%m-%d %H:%M}"
