from typing import Any

from django.core.management.base import BaseCommand, CommandError

from halte.organisations.actions import do_issue_api_token
from halte.organisations.models import Organisation, Scope


class Command(BaseCommand):
    help = "Issue an API token for an organisation and print it once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organisation", help="the organisation's slug")
        parser.add_argument("--name", default="integration")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=Scope.values,
            help="a group of routes the token may reach; repeat it; default: every scope",
        )

    def handle(
        self,
        *args: Any,
        organisation: str,
        name: str,
        scopes: list[str] | None = None,
        **options: Any,
    ) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with slug '{organisation}'.")
        _, key = do_issue_api_token(org, name=name, scopes=scopes)
        self.stdout.write(key)
