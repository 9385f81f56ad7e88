"""Self-service listens: for a request that failed for good (a correction nobody follows
yet), and for a case whose reason has a self-service page (one signed link)."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from halte.cases.models import Case
from halte.cases.signals import self_service_wanted
from halte.outbox.signals import dispatch_failed
from halte.selfservice.actions import do_take_up_failed_correction
from halte.tracking.links import tracking_token
from halte.understanding.intents import Intent
from halte.vocabulary.status import Status


def on_dispatch_failed(sender: Any, dispatch_id: int, **kwargs: Any) -> None:
    do_take_up_failed_correction(dispatch_id)


def link_for_case(sender: Any, case: Case, **kwargs: Any) -> tuple[str, str] | None:
    """(label, url) of the self-service page for the case's reason, or None.

    The signed link shows the parcel and lets its recipient act, so it goes only to the
    address the shop has on file for the parcel: a form that merely names a tracking code
    proves nothing. A page that would refuse (not delivered yet) is not offered.
    """
    shipment = case.shipment
    if shipment is None or not shipment.recipient_email:
        return None
    if shipment.recipient_email.strip().lower() != case.customer_email.strip().lower():
        return None
    delivered = shipment.status == Status.DELIVERED
    with translation.override(case.language):
        if case.intent == Intent.DELIVERED_NOT_RECEIVED and delivered:
            label, route = _("Report that the parcel did not reach you"), "selfservice:not_received"
        elif case.intent == Intent.DAMAGED and delivered:
            label, route = _("Report the damage, with a photo"), "selfservice:damage"
        elif case.intent == Intent.CHANGE_ADDRESS and not delivered:
            label, route = _("Change the delivery address"), "selfservice:address"
        else:
            return None
    path = reverse(route, kwargs={"token": tracking_token(shipment)})
    return label, str(settings.HALTE_BASE_URL).rstrip("/") + path


def connect() -> None:
    dispatch_failed.connect(on_dispatch_failed, dispatch_uid="halte.selfservice.dispatch_failed")
    self_service_wanted.connect(link_for_case, dispatch_uid="halte.selfservice.link_for_case")
