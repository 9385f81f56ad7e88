from typing import Any

from django.core.management.base import BaseCommand, CommandError

from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation


class Command(BaseCommand):
    help = "Issue an API token for an organisation and print it once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organisation", help="the organisation's slug")
        parser.add_argument("--name", default="integration")

    def handle(self, *args: Any, organisation: str, name: str, **options: Any) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with slug '{organisation}'.")
        _, key = do_issue_api_token(org, name=name)
        self.stdout.write(key)
