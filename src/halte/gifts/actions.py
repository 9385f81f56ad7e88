"""The verbs of gifts: set a gift on an order, relay a thank-you and its replies, show a name.

Every relayed mail comes from the shop's support sender with a relay address to reply to, so
neither person ever sees the other's address (not in From, Reply-To, Message-ID or any header).
"""

from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from halte.gifts import letters
from halte.gifts.links import photo_link, reveal_link
from halte.gifts.models import Gift, GiftNote
from halte.gifts.queries import gift_and_shipment
from halte.gifts.relay import RelayTarget, relay_address
from halte.organisations.voice import shop_name
from halte.outbox.actions import queue_email
from halte.shipments.links import tracking_link
from halte.shipments.models import Order, Shipment


@dataclass(frozen=True)
class GiftDetails:
    message: str
    sender_name: str
    sender_choice: Gift.SenderChoice
    sender_email: str


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str


def do_set_gift(order: Order, details: GiftDetails) -> Gift:
    """The shop's gift fields for an order, set or replaced (the API is idempotent)."""
    with transaction.atomic():
        gift, _created = Gift.objects.select_for_update().update_or_create(
            order=order,
            defaults={
                "organisation_id": order.organisation_id,
                "message": details.message,
                "sender_name": details.sender_name,
                "sender_choice": details.sender_choice,
                "sender_email": details.sender_email,
            },
        )
    return gift


def _relay(gift: Gift, *, to: str, subject: str, body: str, reply_to: str) -> None:
    queue_email(
        gift.organisation,
        EmailMessage(subject=subject, body=body, to=[to], reply_to=[reply_to]),
        sensitive=True,
    )


def do_thank_sender(
    gift: Gift,
    shipment: Shipment,
    *,
    text: str,
    photo: Photo | None = None,
    via: GiftNote.Via = GiftNote.Via.PAGE,
    message_id: str = "",
) -> GiftNote:
    """The recipient's thank-you, queued to the sender from a relay address; the sender's
    reply comes back through another relay address to this parcel's recipient."""
    with transaction.atomic():
        note = GiftNote.objects.create(
            gift=gift,
            shipment=shipment,
            direction=GiftNote.Direction.TO_SENDER,
            via=via,
            text=text,
            photo=photo.content if photo else None,
            photo_type=photo.content_type if photo else "",
            message_id=message_id[:300],
        )
        ask = gift.sender_choice == Gift.SenderChoice.ASK and gift.revealed_at is None
        body = letters.thanks_to_sender(
            gift,
            note,
            photo_url=photo_link(note.pk) if photo else "",
            reveal_url=reveal_link(gift.pk, shipment.pk) if ask and gift.sender_name else "",
        )
        _relay(
            gift,
            to=gift.sender_email,
            subject=_("A thank-you for your gift through %(shop)s")
            % {"shop": shop_name(gift.organisation)},
            body=body,
            reply_to=relay_address(gift.pk, to_sender=False, shipment_id=shipment.pk),
        )
    return note


def do_relay_to_recipient(
    gift: Gift, shipment: Shipment, *, text: str, message_id: str = ""
) -> GiftNote:
    """The sender's reply (from the relay mail), passed on to the parcel's recipient."""
    with transaction.atomic():
        note = GiftNote.objects.create(
            gift=gift,
            shipment=shipment,
            direction=GiftNote.Direction.TO_RECIPIENT,
            via=GiftNote.Via.MAIL,
            text=text,
            message_id=message_id[:300],
        )
        _relay(
            gift,
            to=shipment.recipient_email,
            subject=_("An answer to your thank-you"),
            body=letters.reply_to_recipient(gift, note),
            reply_to=relay_address(gift.pk, to_sender=True, shipment_id=shipment.pk),
        )
    return note


def do_reveal_name(gift: Gift, shipment: Shipment) -> bool:
    """The sender chose to show their name; the recipient is told by mail. False when there
    was nothing to reveal (shown already, or not a sender who asked to be asked)."""
    with transaction.atomic():
        locked = Gift.objects.select_for_update().get(pk=gift.pk)
        if (
            locked.sender_choice != Gift.SenderChoice.ASK
            or locked.revealed_at is not None
            or not locked.sender_name
        ):
            return False
        locked.revealed_at = timezone.now()
        locked.save(update_fields=["revealed_at", "updated_at"])
        if shipment.recipient_email:
            _relay(
                locked,
                to=shipment.recipient_email,
                subject=_("The sender of your gift shows their name"),
                body=letters.name_shown(locked, tracking_link(shipment)),
                reply_to=relay_address(locked.pk, to_sender=True, shipment_id=shipment.pk),
            )
    gift.revealed_at = locked.revealed_at
    return True


class RelayRefused(ValueError):
    """A mail to a relay address that is not relayed; the message says why, to the writer."""


def do_relay_mail(
    target: RelayTarget, *, from_address: str, text: str, message_id: str, automated: bool
) -> GiftNote:
    """A mail to a relay address, passed on to the other person — only when it comes from the
    person the address was given to. Anyone else gets a refusal that names nobody."""
    found = gift_and_shipment(target.gift_id, target.shipment_id)
    if found is None:
        raise RelayRefused(_("this relay address is no longer in use"))
    gift, shipment = found
    writer = shipment.recipient_email if target.to_sender else gift.sender_email
    if not writer or from_address.strip().lower() != writer.strip().lower():
        raise RelayRefused(_("this relay address does not take mail from your address"))
    if automated:
        # An out-of-office to a thank-you is nobody's answer; relaying it could loop.
        raise RelayRefused(_("automatic replies are not passed on"))
    if message_id and (
        earlier := GiftNote.objects.filter(gift=gift, message_id=message_id).first()
    ):
        return earlier
    if not text.strip():
        raise RelayRefused(_("the message has no text to pass on"))
    if target.to_sender:
        return do_thank_sender(
            gift, shipment, text=text, via=GiftNote.Via.MAIL, message_id=message_id
        )
    return do_relay_to_recipient(gift, shipment, text=text, message_id=message_id)
