"""A dispatch: one thing Halte sends, written in the transaction that decided it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation


class Dispatch(models.Model):
    """One e-mail, text message or webhook, from decision to delivery (or to giving up).

    Claim, commit, send, mark: a sender first claims the row (state `sending`, committed),
    then talks to the network outside any transaction, then marks the outcome. A claim older
    than the lease belongs to a sender that died and is taken over by the sweeper.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("text message")
        WEBHOOK = "webhook", _("webhook")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed for good")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dispatches"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The e-mail address or phone number; for a webhook, the URL it was last posted to.
    recipient = models.CharField(_("recipient"), max_length=500, blank=True)
    # The e-mail's subject, or the webhook's event name.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # The e-mail's text, the text message, or the webhook's JSON body exactly as signed.
    body = models.TextField(_("body"), blank=True)
    # E-mail only: From, Reply-To and extra headers (Message-ID, In-Reply-To, …).
    envelope = models.JSONField(default=dict, blank=True)
    # Sent along so a receiver can recognise a repeat: the Message-ID, or X-Halte-Delivery.
    key = models.CharField(_("idempotency key"), max_length=300, unique=True)
    # Holds a secret (a one-time code): the body is wiped once it is sent or has failed for
    # good, and the admin never shows it.
    sensitive = models.BooleanField(_("holds a secret"), default=False)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("not before"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Partial: only what still has to go, a handful of rows among millions sent.
            models.Index(
                fields=["not_before"],
                name="dispatch_due",
                condition=models.Q(state__in=["waiting", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient or self.organisation}"
