"""The one status vocabulary every carrier's events are normalised into."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    RECEIVED_BY_CARRIER = "received_by_carrier", _("received by carrier")
    IN_TRANSIT = "in_transit", _("in transit")
    AT_DEPOT = "at_depot", _("at depot")
    OUT_FOR_DELIVERY = "out_for_delivery", _("out for delivery")
    WINDOW_SET = "window_set", _("delivery window set")
    WINDOW_CHANGED = "window_changed", _("delivery window changed")
    DELIVERED = "delivered", _("delivered")
    DELIVERY_FAILED = "delivery_failed", _("delivery failed")
    RETURNING_TO_SENDER = "returning_to_sender", _("returning to sender")
    RETURNED = "returned", _("returned to sender")
    EXCEPTION = "exception", _("exception")
    # A carrier code nobody has mapped yet: stored and shown as an honest generic sentence.
    UNMAPPED = "unmapped", _("not yet mapped")


class DeliveryPlace(models.TextChoices):
    RECIPIENT = "recipient", _("to the recipient")
    MAILBOX = "mailbox", _("in the mailbox")
    NEIGHBOUR = "neighbour", _("at a neighbour")
    SAFE_PLACE = "safe_place", _("at a safe place")
    PICKUP_POINT = "pickup_point", _("at a pickup point")
    # Fetched by the recipient from a pickup point or locker: no longer waiting there.
    COLLECTED = "collected", _("collected at a pickup point")


class FailureReason(models.TextChoices):
    NOT_HOME = "not_home", _("nobody home")
    ADDRESS_INCORRECT = "address_incorrect", _("address incorrect")
    REFUSED = "refused", _("refused")
    DAMAGED = "damaged", _("damaged")


# Once a parcel reached one of these, an older scan arriving late never moves it back.
TERMINAL_STATUSES = frozenset({Status.DELIVERED, Status.RETURNED})

# Among events with the same timestamp, the one furthest along the journey wins.
PRECEDENCE: dict[str, int] = {
    Status.UNMAPPED: -1,
    Status.ANNOUNCED: 0,
    Status.RECEIVED_BY_CARRIER: 1,
    Status.IN_TRANSIT: 2,
    Status.AT_DEPOT: 3,
    Status.OUT_FOR_DELIVERY: 4,
    Status.WINDOW_SET: 5,
    Status.WINDOW_CHANGED: 5,
    Status.EXCEPTION: 6,
    Status.DELIVERY_FAILED: 7,
    Status.RETURNING_TO_SENDER: 8,
    Status.RETURNED: 9,
    Status.DELIVERED: 9,
}

WINDOW_STATUSES = frozenset({Status.WINDOW_SET, Status.WINDOW_CHANGED})
