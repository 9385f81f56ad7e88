"""Two people with everything Halte can hold on them: parcels, cases, mail, taps, answers."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from halte.cases.actions import CustomerMessage, IncomingAttachment, do_open_case
from halte.cases.models import Case, CaseActivity, Channel
from halte.drivers.models import Driver, Stop, Tap
from halte.effort.models import AskedAddress, EffortQuestion
from halte.effort.queries import effort_figures
from halte.gifts.models import Gift, GiftNote
from halte.journey.models import Touchpoint
from halte.organisations.models import Organisation
from halte.outbox.models import Dispatch
from halte.returns.models import Return, WayBack
from halte.selfservice.models import AddressChange
from halte.shipments.models import Order, Shipment, TrackingEvent
from halte.vocabulary.status import Status
from tests.factories import make_shipment


@dataclass(frozen=True)
class Someone:
    name: str
    email: str
    phone: str
    street: str

    @property
    def traces(self) -> tuple[str, ...]:
        return (self.name, self.email, self.phone, self.street)


LOTTE = Someone("Lotte Vermeulen", "lotte.vermeulen@example.nl", "0612345678", "Zwanenvlotstraat")
PIETER = Someone("Pieter Brouwersma", "pieter@example.org", "0687654321", "Kraanvogelweg")


def give(organisation: Organisation, who: Someone, *, days_ago: int = 0) -> Shipment:
    """A delivered parcel of `who` with a case, mail, a tap, an address change and a return."""
    dispatches_before = set(Dispatch.objects.values_list("pk", flat=True))
    shipment = make_shipment(
        organisation=organisation,
        recipient_name=who.name,
        recipient_email=who.email,
        recipient_phone=who.phone,
        street=who.street,
        postcode="3511AB",
        house_number=12,
        status=Status.DELIVERED,
    )
    TrackingEvent.objects.create(
        organisation=organisation,
        shipment=shipment,
        carrier="postnl",
        tracking_code=shipment.tracking_code,
        event_key=f"e-{shipment.pk}",
        raw_code="01",
        raw_description=f"Afgeleverd, getekend door {who.name}",
        status=Status.DELIVERED,
        delivery_place_detail=f"bij de buren van {who.street} 12",
        occurred_at=timezone.now(),
    )
    case, _ = do_open_case(
        organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            body=f"Ik ben {who.name}, {who.street} 12, bel me op {who.phone}.",
            subject=f"Pakket van {who.name}",
            from_address=who.email,
            attachments=[IncomingAttachment("foto.jpg", "image/jpeg", b"\xff\xd8 jpeg")],
        ),
        customer_email=who.email,
        customer_name=who.name,
        shipment=shipment,
        touchpoint_summary=f"{who.name} mailde",
    )
    CaseActivity.objects.create(
        case=case, verb=CaseActivity.Verb.STATE, detail=f"adres: {who.street} 12"
    )
    Case.objects.filter(pk=case.pk).update(state=Case.State.RESOLVED)
    EffortQuestion.objects.create(
        organisation=organisation,
        customer_email=who.email,
        occasion=EffortQuestion.Occasion.CASE_RESOLVED,
        case=case,
        score=6,
        asked_at=timezone.now(),
        answered_at=timezone.now(),
        comment=f"Groet, {who.name}",
    )
    AskedAddress.objects.get_or_create(email=who.email)
    AddressChange.objects.create(
        shipment=shipment,
        old_address={"street": who.street, "house_number": 12},
        new_address={"street": who.street, "house_number": 14},
        notified=who.email,
    )
    driver = Driver.objects.create(
        organisation=organisation, reference=f"D{shipment.pk}", name="Sem"
    )
    stop = Stop.objects.create(
        organisation=organisation,
        driver=driver,
        shipment=shipment,
        route_date=timezone.localdate(),
        route_order=1,
    )
    tap = Tap.objects.create(
        driver=driver,
        stop=stop,
        client_id=f"t{shipment.pk}",
        kind=Tap.Kind.DELIVERED,
        note=f"{who.name} niet thuis",
        occurred_at=timezone.now(),
    )
    tap.photo.save("deur.jpg", ContentFile(b"\xff\xd8 door"), save=True)
    returned = make_shipment(
        organisation=organisation,
        recipient_name=who.name,
        recipient_email="",
        street=who.street,
        kind=Shipment.Kind.RETURN,
        status=Status.DELIVERED,
    )
    Return.objects.create(
        organisation=organisation,
        original=shipment,
        shipment=returned,
        case=case,
        reason="damaged",
        reason_label="Beschadigd",
        text=f"Groeten van {who.name} uit de {who.street}",
        way_back=WayBack.choices[0][0],
        label=Return.Label.REQUESTED,
        opened_at=timezone.now(),
    )
    Dispatch.objects.create(
        organisation=organisation,
        channel=Dispatch.Channel.WEBHOOK,
        recipient="https://shop.example/hook",
        subject="shipment.delivered",
        body=f'{{"recipient": "{who.name}", "email": "{who.email}"}}',
        key=f"whk-{shipment.pk}",
        state=Dispatch.State.SENT,
        not_before=timezone.now(),
    )
    gift = Gift.objects.create(
        organisation=organisation,
        order=Order.objects.get(shipments=shipment),
        message=f"Veel plezier, lieve {who.name}!",
        sender_name="Ans Gever",
        sender_choice=Gift.SenderChoice.ANONYMOUS,
        sender_email=f"ans.{shipment.pk}@example.org",
    )
    GiftNote.objects.create(
        gift=gift,
        shipment=shipment,
        direction=GiftNote.Direction.TO_SENDER,
        via=GiftNote.Via.PAGE,
        text=f"Dank je wel! Groet, {who.name}, {who.phone}",
        photo=b"\xff\xd8 photo",
        photo_type="image/jpeg",
    )
    if days_ago:
        past = timezone.now() - timedelta(days=days_ago)
        Shipment.objects.filter(pk__in=[shipment.pk, returned.pk]).update(updated_at=past)
        Case.objects.filter(pk=case.pk).update(updated_at=past)
        Dispatch.objects.exclude(pk__in=dispatches_before).update(created_at=past)
    return shipment


def traces_of(who: Someone) -> list[str]:
    """Every (model, field, pk) whose text holds one of `who`'s traces: all models, all text."""
    found = []
    lowered = [trace.lower() for trace in who.traces]
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.CharField, models.TextField, models.JSONField, models.FileField)
            )
        ]
        if not names:
            continue
        for row in model._default_manager.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                text = str(value).lower()
                found += [
                    f"{model._meta.label}.{name}#{row[0]}: {trace}"
                    for trace in lowered
                    if trace in text
                ]
    return found


def figures(organisation: Organisation) -> dict[str, Any]:
    """Cases per week and the effort averages: what erasure must leave alone."""
    per_week = list(
        Case.objects.filter(organisation=organisation)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "state", "intent")
        .annotate(n=Count("pk"))
        .order_by("week", "state", "intent")
    )
    effort = effort_figures(organisation, weeks=4, now=timezone.now())
    touchpoints = list(
        Touchpoint.objects.filter(organisation=organisation)
        .values_list("kind", "sentiment", "at")
        .order_by("at", "kind")
    )
    shipments = list(
        Shipment.objects.filter(organisation=organisation)
        .values_list("status", "created_at", "updated_at", "city")
        .order_by("pk")
    )
    return {"cases": per_week, "effort": effort, "touchpoints": touchpoints, "shipments": shipments}
