"""A gift on an order: the sender's words, the name they allow, and the thank-yous relayed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.shipments.models import Order, Shipment


class Gift(models.Model):
    class SenderChoice(models.TextChoices):
        SHOW = "show", _("show my name")
        ANONYMOUS = "anonymous", _("stay anonymous")
        ASK = "ask", _("ask me when the recipient asks")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="gift")
    message = models.TextField(_("gift message"), max_length=1000, blank=True)
    sender_name = models.CharField(_("sender's display name"), max_length=100, blank=True)
    sender_choice = models.CharField(
        _("sender's choice"), max_length=10, choices=SenderChoice.choices
    )
    # The buyer's contact: the thank-you goes here; never shown to the recipient.
    sender_email = models.EmailField(_("sender's e-mail"))
    revealed_at = models.DateTimeField(_("name shown by the sender at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")

    def __str__(self) -> str:
        return f"gift:{self.pk}"

    @property
    def name_allowed(self) -> bool:
        """The recipient may see the sender's name: chosen so, or allowed when asked."""
        if not self.sender_name:
            return False
        if self.sender_choice == self.SenderChoice.SHOW:
            return True
        return self.sender_choice == self.SenderChoice.ASK and self.revealed_at is not None


class GiftNote(models.Model):
    """One message relayed between recipient and sender, never with either's address."""

    class Direction(models.TextChoices):
        TO_SENDER = "to_sender", _("recipient to sender")
        TO_RECIPIENT = "to_recipient", _("sender to recipient")

    class Via(models.TextChoices):
        PAGE = "page", _("tracking page")
        MAIL = "mail", _("e-mail reply")
        DESK = "desk", _("agent on a case")

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="notes")
    # The parcel the recipient thanked from: replies go to its recipient's address.
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    via = models.CharField(max_length=10, choices=Via.choices)
    text = models.TextField(max_length=5000)
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)
    # The Message-ID of a reply that came in by mail: the same mail twice is relayed once.
    message_id = models.CharField(max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gift note")
        verbose_name_plural = _("gift notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"gift-note:{self.pk}"
