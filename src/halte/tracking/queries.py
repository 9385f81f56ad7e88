"""Read-side of the tracking page: the parcel's story with its address changes, and the
voucher and re-promise of its order, each shown only to whom it may be shown.

Address changes and vouchers belong to apps beside and above this one (self-service,
promises); they are read through the shipment's reverse relations, never imported.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import formats

from halte.returns.models import Return
from halte.shipments.models import Order, Shipment
from halte.shipments.queries import ShipmentStory, TimelineEntry, shipment_story
from halte.shipments.sentences import address_change_undone, address_changed, address_line_of
from halte.vocabulary.promises import PromiseSource, PromiseState, broken_reason

# The voucher statuses a customer may use; one waiting for approval is not money yet.
USABLE_VOUCHER = "approved"


@dataclass(frozen=True)
class VoucherShown:
    amount: str  # "€ 5,00"
    # Empty unless the visitor proved to be the recipient: a voucher code is money.
    code: str
    terms: str  # where it can be used, the organisation's own words; may be empty
    for_delay: bool  # compensation for a broken promise; otherwise an agent issued it


@dataclass(frozen=True)
class Repromise:
    promised: date
    became: date
    because: str  # the end of "…, because …", in the active language


@dataclass(frozen=True)
class TrackingPage:
    story: ShipmentStory
    # Carrier events and address changes, newest first.
    timeline: list[TimelineEntry]
    voucher: VoucherShown | None
    repromise: Repromise | None


def _related(model: type[Model], name: str) -> Any:
    """The model behind a reverse relation, by its name: apps beside this one are not
    imported."""
    return cast(type[Model], model._meta.get_field(name).related_model)._default_manager


def with_page_facts(shipments: QuerySet[Shipment]) -> QuerySet[Shipment]:
    """The shipments, each with whether it has what only few parcels have (a standing
    re-promise, an address change, a usable voucher, a return under way), read in the same
    query, so the page asks for those only when they are there."""
    return shipments.annotate(
        page_has_promise=Exists(
            _related(Shipment, "promises")
            .filter(shipment=OuterRef("pk"))
            .exclude(state=PromiseState.BROKEN)
        ),
        page_has_address_changes=Exists(
            _related(Shipment, "address_changes").filter(shipment=OuterRef("pk"))
        ),
        page_has_voucher=Exists(
            _related(Order, "vouchers").filter(order=OuterRef("order_id"), status=USABLE_VOUCHER)
        ),
        page_has_open_return=Exists(
            Return.objects.filter(original=OuterRef("pk"), refund=Return.Refund.REQUESTED)
        ),
    )


def has_fact(shipment: Shipment, fact: str) -> bool:
    """A fact `with_page_facts` read; a shipment read without them is asked the long way."""
    return bool(getattr(shipment, fact, True))


def tracking_page(shipment: Shipment, *, proven: bool) -> TrackingPage:
    """Everything the tracking page shows; `proven`: the visitor entered our one-time code."""
    story = shipment_story(shipment, promised=has_fact(shipment, "page_has_promise"))
    changes = (
        _address_changes(shipment, proven=proven)
        if has_fact(shipment, "page_has_address_changes")
        else []
    )
    timeline = sorted(
        [*story.timeline, *changes],
        key=lambda entry: entry.occurred_at,
        reverse=True,
    )
    return TrackingPage(
        story=story,
        timeline=timeline,
        voucher=_voucher(shipment, proven=proven),
        repromise=_repromise(shipment, story),
    )


def _address_changes(shipment: Shipment, *, proven: bool) -> list[TimelineEntry]:
    """ "Address changed to …": what the parcel's address became, never a question about the
    old one. A visitor with only code and postcode sees the address that stands now (the page
    shows it anyway), not the ones before it."""
    current = address_line_of(
        {
            "street": shipment.street,
            "house_number": shipment.house_number,
            "addition": shipment.house_number_addition,
            "postcode": shipment.postcode,
            "city": shipment.city,
        }
    )

    def shown(line: str) -> str:
        return line if proven or line == current else ""

    entries = []
    for change in shipment.address_changes.all():
        new = address_line_of(change.new_address)
        entries.append(
            TimelineEntry(change.made_at, "address_changed", address_changed(shown(new)), "")
        )
        if change.reverted_at is not None:
            old = address_line_of(change.old_address)
            entries.append(
                TimelineEntry(
                    change.reverted_at,
                    "address_change_undone",
                    address_change_undone(shown(old)),
                    "",
                )
            )
    return entries


def _voucher(shipment: Shipment, *, proven: bool) -> VoucherShown | None:
    """The order's newest voucher the customer may use: compensation for a broken promise or
    one an agent issued."""
    order = shipment.order
    if order is None or not has_fact(shipment, "page_has_voucher"):
        return None
    # The reverse relation of promises' Voucher: read by name, this app sits beside promises.
    voucher = order.vouchers.filter(status=USABLE_VOUCHER).order_by("-created_at", "-pk").first()
    if voucher is None:
        return None
    try:
        terms = shipment.organisation.promise_policy.voucher_terms
    except ObjectDoesNotExist:
        terms = ""
    return VoucherShown(
        amount="€ " + formats.number_format(voucher.amount_cents / 100, 2),
        code=voucher.code if proven else "",
        terms=terms,
        for_delay=voucher.promise_id is not None,
    )


def _repromise(shipment: Shipment, story: ShipmentStory) -> Repromise | None:
    """The promise that stands now, if it replaced a broken one: what we promised first, what
    it became, and why."""
    if story.promise is None or story.promise.source != PromiseSource.REPROMISE:
        return None  # nothing was re-promised: no query
    latest = (
        shipment.promises.exclude(state=PromiseState.BROKEN)
        .select_related("previous")
        .order_by("-made_at", "-pk")
        .first()
    )
    if latest is None or latest.previous is None:
        return None
    return Repromise(
        promised=latest.previous.date,
        became=latest.date,
        because=broken_reason(latest.previous.broken_because, shipment.get_carrier_display()),
    )
