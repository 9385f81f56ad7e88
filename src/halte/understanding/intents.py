"""The reasons a customer writes, one per queue and per suggested reply."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Intent(models.TextChoices):
    WHERE_IS_MY_PARCEL = "where_is_my_parcel", _("Where is my parcel?")
    DELIVERED_NOT_RECEIVED = "delivered_not_received", _("Delivered but not received")
    CHANGE_ADDRESS = "change_address", _("Change the address")
    CHANGE_DELIVERY_MOMENT = "change_delivery_moment", _("Change the delivery moment")
    DAMAGED = "damaged", _("Damaged")
    RETURN_OR_REFUND = "return_or_refund", _("Return or refund")
    WHO_SENT_THIS = "who_sent_this", _("Who sent this?")
    CLOSE_CASE = "close_case", _("Close my case")
    COMPLAINT = "complaint", _("Complaint")
    COMPLIMENT = "compliment", _("Compliment")
    IMPROVEMENT_IDEA = "improvement_idea", _("Idea for improvement")
    CANCEL_ORDER = "cancel_order", _("Cancel the order")
    INVOICE_PAYMENT = "invoice_payment", _("Invoice or payment")
    OTHER = "other", _("Something else")


# From very unhappy to very happy, as the journey's smileys.
SENTIMENTS = (-2, -1, 0, 1, 2)
