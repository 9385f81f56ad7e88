"""Cases, their messages across channels, attachments and SLA policies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation
from halte.understanding.intents import Intent


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web form")
    # A report or change made on the tracking page (self-service), not a typed question.
    TRACKING = "tracking", _("tracking page")
    PHONE = "phone", _("phone")
    DESK = "desk", _("desk")
    SMS = "sms", _("text message")


class SlaPolicy(models.Model):
    """Targets in business minutes for one organisation and channel."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sla_policies"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "channel"], name="sla_channel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.channel}"


class CaseQuerySet(models.QuerySet["Case"]):
    def still_open(self) -> "CaseQuerySet":
        """Cases that still need someone: neither resolved nor closed (see Case.is_open)."""
        return self.exclude(state__in=Case.SETTLED)


class Case(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("new")
        OPEN = "open", _("open")
        WAITING_ON_CUSTOMER = "waiting_customer", _("waiting on customer")
        WAITING_ON_THIRD_PARTY = "waiting_third_party", _("waiting on third party")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Priority(models.IntegerChoices):
        LOW = 1, _("low")
        NORMAL = 2, _("normal")
        HIGH = 3, _("high")
        URGENT = 4, _("urgent")

    class ResolvedBy(models.TextChoices):
        AGENT = "agent", _("agent")
        CUSTOMER = "customer", _("customer")
        SYSTEM = "system", _("system")

    # The states in which a case needs nobody any more.
    SETTLED = (State.RESOLVED, State.CLOSED)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    customer_email = models.EmailField(_("customer e-mail"), db_index=True)
    language = models.CharField(_("language"), max_length=5, default="nl")
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    order = models.ForeignKey(
        "shipments.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    channel = models.CharField(_("first channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    state_reason = models.CharField(_("reason"), max_length=300, blank=True)
    priority = models.SmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    team = models.CharField(_("team"), max_length=100, blank=True)
    # What the customer's first message asks for, read by halte.understanding (an Intent
    # value), and how sure the reading was; an agent's correction replaces it.
    intent = models.CharField(
        _("reason"), max_length=40, choices=Intent.choices, blank=True, db_index=True
    )
    intent_confidence = models.FloatField(_("certainty of the reason"), null=True, blank=True)
    # The reading was unsure: a person decides what the case is about (the desk says so).
    needs_person = models.BooleanField(_("a person decides the reason"), default=False)
    # How the customer sounds in their latest message: -2 very unhappy … 2 very happy.
    sentiment = models.SmallIntegerField(_("sentiment"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent by its words"), default=False)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.CharField(
        _("resolved by"), max_length=10, choices=ResolvedBy.choices, blank=True
    )
    # Set when resolved: True when it took at most one reply from an agent.
    first_contact_resolution = models.BooleanField(_("first-contact resolution"), null=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "state", "first_response_due"], name="case_queue"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"HLT-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state not in self.SETTLED


class CaseMessage(models.Model):
    """One message in a case's thread; notes are internal, everything else the customer saw."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("from customer")
        OUTBOUND = "out", _("to customer")
        NOTE = "note", _("internal note")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("message")
        ACKNOWLEDGEMENT = "ack", _("automatic acknowledgement")
        CLOSE_CONFIRMATION = "closed", _("closing confirmation")
        PROACTIVE = "proactive", _("proactive message")
        AUTOMATED = "automated", _("automated message from the customer's side")
        NOTICE = "notice", _("notice of what an agent did")

    class Sender(models.TextChoices):
        """Who an inbound message is proven to be from; only the customer's own may act."""

        # The case's customer: the message that opened the case, or one that came through a
        # proven channel (the signed case link, a reply from the case's own address).
        CUSTOMER = "customer", _("the customer")
        # Typed the case's e-mail address into the web form: anybody could have.
        UNPROVEN = "unproven", _("the customer's address, not proven")
        # Replied to the case's reply address from an address that is not the customer's.
        OTHER = "other", _("not the customer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    sender = models.CharField(
        _("sender"), max_length=10, choices=Sender.choices, default=Sender.CUSTOMER
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_address = models.CharField(max_length=320, blank=True)
    to_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    # The whole text as received or sent; `body_display` without quoted text and signature.
    body_text = models.TextField(blank=True)
    body_display = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    in_reply_to = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Outbound messages travel through the outbox; its row says whether and when they went.
    dispatch = models.OneToOneField(
        "outbox.Dispatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_message",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="case_message_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_inbound(self) -> bool:
        return self.direction == self.Direction.INBOUND

    @property
    def is_note(self) -> bool:
        return self.direction == self.Direction.NOTE

    @property
    def is_automated(self) -> bool:
        """Written by a machine on the customer's side (an auto-reply, a bounce)."""
        return self.kind == self.Kind.AUTOMATED

    @property
    def from_another_sender(self) -> bool:
        """Written to the case by someone who is not its customer; hidden from the customer."""
        return self.sender == self.Sender.OTHER

    @property
    def sender_unproven(self) -> bool:
        """Claimed to be the customer on the web form, without proof."""
        return self.sender == self.Sender.UNPROVEN


class Attachment(models.Model):
    message = models.ForeignKey(CaseMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="attachments/%Y/%m/")

    def __str__(self) -> str:
        return self.filename


class CaseActivity(models.Model):
    """What happened to a case besides messages: state changes, hand-overs, reopenings."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Verb(models.TextChoices):
        OPENED = "opened", _("opened")
        REOPENED = "reopened", _("reopened")
        STATE = "state", _("state changed")
        RESOLVED = "resolved", _("resolved")
        HANDED_OVER = "handed_over", _("handed over")
        TRIAGED = "triaged", _("priority and tags set")
        READ = "read", _("reason read from the message")
        INTENT_CORRECTED = "intent_corrected", _("reason corrected by an agent")
        PROACTIVE = "proactive", _("proactive message")
        AUTOMATED = "automated_message", _("automated message received")
        UNPROVEN_MESSAGE = "unproven_message", _("message from an unproven sender")
        REQUESTED = "requested", _("request sent to the organisation's system")
        DELIVERY_FAILED = "delivery_failed", _("could not be delivered")
        ADDRESS_CORRECTED = "address_corrected", _("address corrected by an agent")
        REQUEST_ANSWERED = "request_answered", _("answer to a request")
        VOUCHER_ISSUED = "voucher_issued", _("voucher issued")

    verb = models.CharField(max_length=32, choices=Verb.choices)
    detail = models.CharField(max_length=500, blank=True)
    # A request that went out for this case (a webhook, say): the desk shows whether it arrived.
    dispatch = models.ForeignKey(
        "outbox.Dispatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.verb}"


class IntentRoute(models.Model):
    """Which team takes cases with this reason, for one organisation (cases.routing has the
    default when there is no row)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="intent_routes"
    )
    intent = models.CharField(_("reason"), max_length=40, choices=Intent.choices)
    team = models.CharField(_("team"), max_length=100)

    class Meta:
        verbose_name = _("route per reason")
        verbose_name_plural = _("routes per reason")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "intent"], name="intent_route_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.intent} → {self.team}"


class IntentCorrection(models.Model):
    """An agent said the reading was wrong: the customer's words with the right reason, kept
    as training data (`train_understanding --extra-from halte.cases.queries.intent_corrections`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intent_corrections")
    text = models.TextField()
    language = models.CharField(max_length=5, blank=True)
    read_as = models.CharField(_("read as"), max_length=40, blank=True)
    intent = models.CharField(_("corrected to"), max_length=40, choices=Intent.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reason correction")
        verbose_name_plural = _("reason corrections")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.read_as} → {self.intent}"
