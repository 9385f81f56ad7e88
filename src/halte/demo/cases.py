"""Demo cases replaying stories 01 and 03, entered the way customers enter them."""

from django.contrib.auth import get_user_model

from halte.cases.actions import do_receive_contact_form
from halte.mail.actions import do_receive_email
from halte.organisations.models import Membership, Organisation

DEMO_AGENT = ("natasja", "halte-demo-agent")


def load_demo_cases(organisation: Organisation) -> None:
    user_model = get_user_model()
    agent = user_model.objects.filter(username=DEMO_AGENT[0]).first()
    if agent is None:
        agent = user_model.objects.create_user(
            DEMO_AGENT[0], password=DEMO_AGENT[1], first_name="Natasja"
        )
    Membership.objects.get_or_create(user=agent, organisation=organisation)
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
