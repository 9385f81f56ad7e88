"""Every change to what a plain tracking page shows makes its stored copy stale
(`tracking.pagecache`): the parcel's state and events, its own fields, its order, promise,
address changes, vouchers, returns and gift; every page at once for a shop's brand and its
voucher terms.

Models of apps beside or above this one (promises, self-service, gifts) are named by their
label, never imported."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from halte.organisations.models import Organisation
from halte.shipments.models import Order, Shipment, TrackingEvent
from halte.shipments.signals import shipment_states_changed, shipment_timelines_changed
from halte.tracking.pagecache import all_pages_changed, pages_changed


def _states_changed(sender: Any, statuses: dict[int, str], **kwargs: Any) -> None:
    pages_changed(statuses)


def _timelines_changed(sender: Any, shipment_ids: frozenset[int], **kwargs: Any) -> None:
    pages_changed(shipment_ids)


def _shipment(sender: Any, instance: Shipment, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new parcel has no page stored yet
        pages_changed([instance.pk])


def _of_shipment(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A row with a `shipment` (an event, a promise, an address change, a gift note)."""
    pages_changed([instance.shipment_id])


def _of_order(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A row with an `order` (a voucher, a gift): every parcel of that order."""
    if isinstance(instance, Order) and kwargs.get("created"):
        return  # a new order has no parcels yet
    order_id = instance.pk if isinstance(instance, Order) else instance.order_id
    if order_id is not None:
        pages_changed(Shipment.objects.filter(order_id=order_id).values_list("pk", flat=True))


def _of_return(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A return shows on its own page and on the parcel it returns."""
    pages_changed([instance.original_id, instance.shipment_id])


def _everywhere(sender: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new shop has no pages yet
        all_pages_changed()


def connect() -> None:
    uid = "halte.tracking.pagecache"
    shipment_states_changed.connect(_states_changed, dispatch_uid=uid)
    shipment_timelines_changed.connect(_timelines_changed, dispatch_uid=uid)
    # Not post_delete of events: retention deletes them by the million, and a deleted event
    # is only ever one of a parcel that was long delivered.
    post_save.connect(_of_shipment, sender=TrackingEvent, dispatch_uid=uid)
    watched: list[tuple[Any, Any]] = [
        (Shipment, _shipment),
        (Order, _of_order),
        (Organisation, _everywhere),
        ("promises.Promise", _of_shipment),
        ("promises.Voucher", _of_order),
        ("promises.PromisePolicy", _everywhere),
        ("selfservice.AddressChange", _of_shipment),
        ("returns.Return", _of_return),
        ("gifts.Gift", _of_order),
        ("gifts.GiftNote", _of_shipment),
    ]
    for sender, receiver in watched:
        post_save.connect(receiver, sender=sender, dispatch_uid=uid)
        post_delete.connect(receiver, sender=sender, dispatch_uid=uid)
