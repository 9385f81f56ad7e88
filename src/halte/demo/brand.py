"""The demo shop's own look and voice, so `make run` shows a branded tracking page and mail."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from halte.organisations.brand import validate_logo_file
from halte.organisations.models import Organisation

# A lamp on a post, in the shop's amber: plain shapes, nothing that runs.
DEMO_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="#1f3b2d"/>
<path d="M22 22h20l-4-10H26z" fill="#e8a317"/>
<circle cx="32" cy="27" r="5" fill="#ffe08a"/>
<rect x="30" y="32" width="4" height="22" fill="#e8a317"/>
<rect x="24" y="52" width="16" height="4" rx="2" fill="#e8a317"/>
</svg>
"""


def brand_demo_shop(org: Organisation) -> None:
    """Name, amber colour (dark text on it), logo, sender and signature of Tuinlicht.nl."""
    logo = ContentFile(DEMO_LOGO, name="tuinlicht.svg")
    validate_logo_file(logo)
    org.display_name = "Tuinlicht.nl"
    org.brand_colour = "#e8a317"
    org.support_sender_name = "Klantenservice Tuinlicht.nl"
    org.signature = "Team Tuinlicht.nl · ma–vr 8–18 uur · tuinlicht.example"
    org.contact_url = "https://tuinlicht.example/contact"
    org.privacy_url = "https://tuinlicht.example/privacy"
    # Reloading the demo replaces the logo instead of piling up copies of it.
    default_storage.delete("brand/tuinlicht.svg")
    org.logo_file.save("tuinlicht.svg", logo, save=False)
    org.save()
