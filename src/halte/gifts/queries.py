"""Reads of gifts: the gift a parcel carries, as the recipient may see it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from halte.gifts.models import Gift, GiftNote
from halte.shipments.models import Order, Shipment


@dataclass(frozen=True)
class GiftForRecipient:
    """What the recipient's page may show; the sender's address is not in it at all."""

    message: str
    from_line: str
    named: bool
    thanked: bool


def gift_of_shipment(shipment: Shipment) -> Gift | None:
    if shipment.order_id is None:
        return None
    # Read with the parcel already (the tracking page joins `order__gift`): no query.
    order_gift = Gift.order.field.remote_field
    order = shipment.order if Shipment.order.is_cached(shipment) else None
    if order is not None and order_gift.is_cached(order):
        gift = order_gift.get_cached_value(order)
        if isinstance(gift, Gift) and gift.organisation_id == shipment.organisation_id:
            return gift
        return None
    return (
        Gift.objects.filter(order_id=shipment.order_id, organisation_id=shipment.organisation_id)
        .select_related("organisation")
        .first()
    )


def for_recipient(gift: Gift, shipment: Shipment) -> GiftForRecipient:
    named = gift.name_allowed
    from_line = (
        _("A gift from %(name)s") % {"name": gift.sender_name}
        if named
        else _("A gift from someone who prefers to stay anonymous")
    )
    thanked = GiftNote.objects.filter(
        gift=gift, shipment=shipment, direction=GiftNote.Direction.TO_SENDER
    ).exists()
    return GiftForRecipient(message=gift.message, from_line=from_line, named=named, thanked=thanked)


def note_by_id(note_id: int) -> GiftNote | None:
    return GiftNote.objects.filter(pk=note_id).exclude(photo=None).first()


def thanks_sent(gift: Gift, shipment: Shipment) -> int:
    return GiftNote.objects.filter(
        gift=gift, shipment=shipment, direction=GiftNote.Direction.TO_SENDER
    ).count()


def gift_and_shipment(gift_id: int, shipment_id: int) -> tuple[Gift, Shipment] | None:
    """A gift and the parcel it reached, if the parcel belongs to the gift's order."""
    gift = Gift.objects.filter(pk=gift_id).select_related("organisation").first()
    if gift is None:
        return None
    shipment = Shipment.objects.filter(
        pk=shipment_id, order_id=gift.order_id, organisation_id=gift.organisation_id
    ).first()
    return (gift, shipment) if shipment is not None else None


def order_of_organisation(organisation_id: int, reference: str) -> Order | None:
    return Order.objects.filter(organisation_id=organisation_id, reference=reference).first()
