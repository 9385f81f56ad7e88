"""The shop's own voice, in one place: its name and look on pages, and how every mail opens,
signs off and says who sent it.

Every letter of every app writes its greeting, sign-off and links with these functions, and
the outbox sets every mail's From with `sender()`, so a shop that fills in its brand is
named everywhere at once — and a shop that fills in nothing still reads right.
"""

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from halte.organisations.brand import brand_hex, text_colour_on
from halte.organisations.models import Membership, Organisation

INSTALLATION_NAME = "Halte"


@dataclass(frozen=True)
class Brand:
    """What a page shows of the shop; every value is safe to put in HTML or CSS."""

    name: str
    # `#rrggbb` or '' (the page's own colours then).
    colour: str
    # Black or white, whichever reads on `colour`.
    text_colour: str
    # A same-site path of an uploaded logo, an https URL, or ''.
    logo: str
    contact_url: str
    privacy_url: str

    @property
    def logo_origin(self) -> str:
        """`https://host` of an outside logo, which the page's CSP must allow; else ''."""
        if not self.logo.startswith("https://"):
            return ""
        host = self.logo[len("https://") :].split("/", 1)[0]
        return f"https://{host}"


def brand_of(organisation: Organisation | None) -> Brand:
    if organisation is None:
        return Brand(INSTALLATION_NAME, "", "", "", "", "")
    colour = brand_hex(organisation.brand_colour)
    if organisation.logo_file:
        logo = reverse("brand_logo", kwargs={"slug": organisation.slug})
    else:
        logo = organisation.logo_url if organisation.logo_url.startswith("https://") else ""
    return Brand(
        name=shop_name(organisation),
        colour=colour,
        text_colour=text_colour_on(colour) if colour else "",
        logo=logo,
        contact_url=organisation.contact_url,
        privacy_url=organisation.privacy_url,
    )


def shop_name(organisation: Organisation) -> str:
    return organisation.shop_name


def sender(organisation: Organisation | None) -> str:
    """The From header: the support name and address, else the shop's name and the
    installation's address, else the installation's own From."""
    if organisation is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = organisation.support_sender_name or shop_name(organisation) or default_name
    address = organisation.support_email or default_address
    username, _at, domain = address.rpartition("@")
    # Address() quotes the name and encodes non-ASCII, so no name can break the header.
    return str(Address(display_name=name, username=username, domain=domain))


def greeting(name: str) -> str:
    """`Hello Remco,` — or a plain `Hello,` when we do not know the name."""
    name = name.strip()
    if not name:
        return _("Hello,")
    return _("Hello %(name)s,") % {"name": name}


def team_line(organisation: Organisation | None) -> str:
    if organisation is None:
        return _("Customer service")
    if organisation.signature:
        return organisation.signature.strip()
    return _("Customer service %(shop)s") % {"shop": shop_name(organisation)}


def sign_off(organisation: Organisation | None, *, person: str = "") -> str:
    """The closing lines: a person's first name (for a person's reply) above the shop's
    signature."""
    lines = [_("Kind regards,")]
    if person.strip():
        lines.append(person.strip())
    lines.append(team_line(organisation))
    return "\n".join(lines)


def signature_name(membership: Membership | None, first_name: str = "") -> str:
    """How an agent signs: their chosen signature name, else their first name."""
    if membership is not None and membership.signature_name:
        return membership.signature_name
    return first_name.strip()


def text_message(organisation: Organisation | None, text: str) -> str:
    """A text message opens with the shop's name: a phone shows only a number or a sender ID,
    and an unnamed "your address was changed" reads like phishing."""
    if organisation is None:
        return text
    prefix = f"{shop_name(organisation)}: "
    return text if text.startswith(prefix) else prefix + text


def link_line(label: str, url: str) -> str:
    """A link on a line of its own, after a few words that say where it goes."""
    return f"{label}: {url}"
