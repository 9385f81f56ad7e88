"""What the customer and the shop are told about a return; each sentence says only what
really happened ("asked", "queued"), never what Halte cannot know yet."""

from django.utils.translation import gettext as _

from halte.returns.models import RefusalRemedy, Return, WayBack


def way_back_phrase(way_back: str) -> str:
    phrases: dict[str, str] = {
        WayBack.DROP_OFF: _("you take it to a drop-off point"),
        WayBack.PICKUP: _("the carrier picks it up at your address"),
        WayBack.DRIVER: _("the driver took it back"),
    }
    return str(phrases.get(way_back, way_back))


def refund_sentence(ret: Return) -> str:
    """The refund's state as the customer reads it on the page and in the mail."""
    sentences = {
        Return.Refund.REQUESTED: _("The shop has not yet decided on your refund or replacement."),
        Return.Refund.REFUNDED: _("The shop has refunded you."),
        Return.Refund.REFUSED: _("The shop has refused the refund."),
        Return.Refund.REPLACEMENT_SENT: _("The shop has sent you a replacement."),
    }
    return str(sentences[Return.Refund(ret.refund)])


def label_sentence(ret: Return) -> str:
    sentences = {
        Return.Label.REQUESTED: _(
            "We have asked the shop for your return label. It appears here, and in your "
            "mailbox, as soon as the shop sends it."
        ),
        Return.Label.READY: _("Your return label is ready."),
        Return.Label.NOT_REQUESTED: _(
            "A colleague arranges your return label with the shop; you get it by e-mail."
        ),
        Return.Label.NOT_NEEDED: _("No label needed: the driver took the parcel back."),
    }
    return str(sentences[Return.Label(ret.label)])


def started_subject(ret: Return, case_number: str) -> str:
    return _("Your return of %(code)s [%(number)s]") % {
        "code": ret.original.tracking_code,
        "number": case_number,
    }


def started(ret: Return, *, label_asked: bool) -> str:
    lines = [
        _("We have registered your return of parcel %(code)s (reason: %(reason)s).")
        % {"code": ret.original.tracking_code, "reason": ret.reason_label},
        _("Way back: %(way)s.") % {"way": way_back_phrase(ret.way_back)},
        _(
            "We have asked the shop for your return label; you get it by e-mail as soon as "
            "the shop sends it."
        )
        if label_asked
        else _("A colleague arranges your return label with the shop; you get it by e-mail."),
        _("Your return has its own tracking code: %(code)s.")
        % {"code": ret.shipment.tracking_code},
    ]
    return "\n\n".join(str(line) for line in lines)


def refused_subject(ret: Return, case_number: str) -> str:
    return _("You refused parcel %(code)s at the door [%(number)s]") % {
        "code": ret.original.tracking_code,
        "number": case_number,
    }


def refused_at_door(ret: Return, *, remedy: str, shop_told: bool) -> str:
    """To the recipient: the refusal is recorded, and exactly what the shop was asked."""
    lines = [
        _(
            "You refused parcel %(code)s at the door (reason: %(reason)s). The driver took "
            "it back; its return has tracking code %(return_code)s."
        )
        % {
            "code": ret.original.tracking_code,
            "reason": ret.reason_label,
            "return_code": ret.shipment.tracking_code,
        },
    ]
    if remedy == RefusalRemedy.REFUND:
        lines.append(_("The shop has been asked to refund you. You hear from us when it has."))
    elif remedy == RefusalRemedy.REPLACEMENT:
        lines.append(
            _("The shop has been asked to send you a replacement. You hear from us when it has.")
        )
    elif shop_told:
        lines.append(
            _(
                "We have told the shop. The shop decides on a refund or a replacement; you "
                "hear from us when it has."
            )
        )
    else:
        lines.append(
            _(
                "A colleague tells the shop, which decides on a refund or a replacement; you "
                "hear from us when it has."
            )
        )
    return "\n\n".join(str(line) for line in lines)


def label_ready_subject(ret: Return) -> str:
    return _("Your return label for %(code)s") % {"code": ret.original.tracking_code}


def label_ready(ret: Return) -> str:
    lines = [_("The shop has sent your return label.")]
    if ret.label_url:
        lines.append(_("Print it or show it at the counter: %(url)s") % {"url": ret.label_url})
    if ret.label_qr:
        lines.append(
            _("No printer? Show this code at the drop-off point: %(qr)s") % {"qr": ret.label_qr}
        )
    lines.append(_("Your return's tracking code: %(code)s") % {"code": ret.shipment.tracking_code})
    return "\n\n".join(str(line) for line in lines)


def settled_subject(ret: Return) -> str:
    return _("The shop's decision on your return of %(code)s") % {
        "code": ret.original.tracking_code
    }


def settled(ret: Return) -> str:
    lines = [refund_sentence(ret)]
    if ret.refund_note:
        lines.append(_("The shop adds: %(note)s") % {"note": ret.refund_note})
    return "\n\n".join(str(line) for line in lines)


def shop_notice(ret: Return, *, remedy: str, remedy_asked: bool) -> tuple[str, str]:
    """To the shop's returns address, in English like the webhooks: what happened at the door."""
    original = ret.original
    subject = f"Refused at the door: {original.tracking_code} ({ret.reason})"
    lines = [
        f"The recipient refused parcel {original.tracking_code} at the door: {ret.reason}.",
        f"Order: {original.order.reference if original.order else '-'}",
        f"Return shipment: {ret.shipment.tracking_code} (return id {ret.pk}), taken back by the "
        "driver.",
    ]
    if ret.text:
        lines.append(f"Driver's note: {ret.text}")
    if remedy_asked:
        lines.append(f"Your policy asks for a {remedy}; a remedy.requested webhook was queued.")
    else:
        lines.append(
            "Your policy leaves the remedy to you: set it with POST /api/v1/returns/"
            f"{ret.pk}/refund."
        )
    return subject, "\n".join(lines)
