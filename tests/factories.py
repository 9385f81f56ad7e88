"""factory_boy factories for the domain models."""

from datetime import timedelta
from typing import Any, cast

import factory
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.shipments.models import Order, Shipment


class OrganisationFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Webshop {n}")
    slug = factory.Sequence(lambda n: f"webshop-{n}")


class OrderFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Order

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"ORD-{n:05d}")
    placed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    promised_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))


class ShipmentFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Shipment

    organisation = factory.SubFactory(OrganisationFactory)
    order = factory.SubFactory(OrderFactory, organisation=factory.SelfAttribute("..organisation"))
    carrier = "postnl"
    tracking_code = factory.Sequence(lambda n: f"3STEST{n:09d}")
    recipient_name = "Lotte Jansen"
    recipient_email = "lotte@example.nl"
    postcode = "6811AB"
    house_number = 3
    street = "Schoenmakerstraat"
    city = "Arnhem"
    country = "NL"


def event_payload(tracking_code: str, code: str, occurred_at: Any, **extra: Any) -> dict[str, Any]:
    """One carrier event as an integrator sends it."""
    at = occurred_at.isoformat() if hasattr(occurred_at, "isoformat") else occurred_at
    return {
        "carrier": "postnl",
        "tracking_code": tracking_code,
        "code": code,
        "occurred_at": at,
        **extra,
    }


def make_organisation(**fields: Any) -> Organisation:
    return cast(Organisation, OrganisationFactory(**fields))


def make_shipment(**fields: Any) -> Shipment:
    return cast(Shipment, ShipmentFactory(**fields))


def raw_email(
    *,
    sender: str = "Lotte Jansen <lotte@example.nl>",
    to: str = "support@halte.test",
    subject: str = "Waar is mijn pakket?",
    text: str | None = "Mijn pakket 3SHALT0303030 staat op bezorgd maar ik heb niets.",
    html: str | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bytes:
    """A real MIME message as a mail client would send it."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.nl")
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments or []:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)
