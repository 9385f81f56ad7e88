from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from halte.addresses.models import RegisteredAddress
from halte.demo.cases import DEMO_AGENT, DEMO_SHOP_ADMIN, DEMO_SUPERVISOR, load_demo_cases
from halte.demo.parcels import DEMO_API_KEY, DEMO_SLUG, load_demo
from halte.organisations.models import Organisation

DEMO_ADMIN = ("admin", "halte-demo-admin")


class Command(BaseCommand):
    help = (
        "Load demo shipments that replay customer stories 01 and 03 (replaces earlier demo data)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        if not RegisteredAddress.objects.exists():
            # A handful of real-shaped addresses so story 01's mix can be caught offline.
            sample = Path(__file__).resolve().parents[3] / "addresses" / "data" / "sample-nl.csv"
            call_command("import_addresses", str(sample), stdout=self.stdout)
        parcels = load_demo()
        load_demo_cases(Organisation.objects.get(slug=DEMO_SLUG))
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_ADMIN[0]).exists():
            user_model.objects.create_superuser(DEMO_ADMIN[0], password=DEMO_ADMIN[1])
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data loaded."))
        out.write(f"\n  Tracking page:  {base_url}/track/")
        for parcel in parcels:
            out.write(f"    story {parcel.story}")
            out.write(f"      tracking code {parcel.tracking_code}   postcode {parcel.postcode}")
        user, password = DEMO_ADMIN
        out.write(f"\n  Admin:          {base_url}/admin/  (user {user}, password {password})")
        out.write(f"  API:            {base_url}/api/v1/docs  (Bearer {DEMO_API_KEY})")
        out.write(f"  Contact form:   {base_url}/contact/")
        agent, agent_password = DEMO_AGENT
        out.write(f"  Agent desk:     {base_url}/desk/  (user {agent}, password {agent_password})")
        lead, lead_password = DEMO_SUPERVISOR
        out.write(
            f"    supervisor:   user {lead}, password {lead_password}  (figures, audit trail)"
        )
        shop_admin, shop_admin_password = DEMO_SHOP_ADMIN
        out.write(
            f"    shop admin:   user {shop_admin}, password {shop_admin_password}"
            "  (a person's data: export, erasure)\n"
        )
