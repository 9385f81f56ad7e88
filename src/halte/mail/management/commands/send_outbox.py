from typing import Any

from django.core.management.base import BaseCommand

from halte.mail.outgoing import send_case_message, unsent_message_ids


class Command(BaseCommand):
    help = "Send case e-mail that is still in the outbox (after an SMTP outage, say)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = sum(send_case_message(pk) for pk in unsent_message_ids())
        self.stdout.write(f"Sent {sent} message(s).")
