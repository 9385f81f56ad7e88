"""Demo cases replaying stories 01 and 03, entered the way customers enter them."""

from django.contrib.auth import get_user_model

from halte.cases.actions import do_receive_contact_form
from halte.mail.actions import do_receive_email
from halte.organisations.models import Membership, Organisation

DEMO_AGENT = ("natasja", "halte-demo-agent")
# Her team lead: the team's figures and the audit trail. The shop's admin: a person's data.
DEMO_SUPERVISOR = ("sanne", "halte-demo-supervisor")
DEMO_SHOP_ADMIN = ("ruben", "halte-demo-shop-admin")


def _demo_member(
    organisation: Organisation, login: tuple[str, str], first_name: str, role: str
) -> None:
    user_model = get_user_model()
    user = user_model.objects.filter(username=login[0]).first()
    if user is None:
        user = user_model.objects.create_user(login[0], password=login[1], first_name=first_name)
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )


def load_demo_cases(organisation: Organisation) -> None:
    _demo_member(organisation, DEMO_AGENT, "Natasja", Membership.Role.AGENT)
    _demo_member(organisation, DEMO_SUPERVISOR, "Sanne", Membership.Role.SUPERVISOR)
    _demo_member(organisation, DEMO_SHOP_ADMIN, "Ruben", Membership.Role.ADMIN)
    # Story 01: an apologetic e-mail with the corrected address, waiting for a person.
    do_receive_email(
        b"From: Remco de Waard <remco@example.nl>\r\n"
        b"To: support@halte.localhost\r\n"
        b"Subject: Verkeerd adres voor pakket 05222111830001\r\n"
        b"Message-ID: <demo-story-01@example.nl>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Excuses, ik heb de postcode van mijn oude adres gebruikt. Het juiste adres is "
        b"Lindelaan 12, 3731 HK De Bilt. Hoe nu verder? Ik heb het eind van de week nodig.\r\n"
    )
    # Story 03: the contact form, free text, the parcel found from the words alone.
    do_receive_contact_form(
        text="Volgens jullie site is pakket 3SHALT0303030 gisteren bezorgd, maar ik heb niets.",
        email="lotte@example.nl",
        name="Lotte Jansen",
    )
