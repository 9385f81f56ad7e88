import time
from typing import Any

from django.core.management.base import BaseCommand

from halte.mail.receiver import start_receiver


class Command(BaseCommand):
    help = "Receive e-mail for HALTE_MAIL_DOMAIN over SMTP (or LMTP) and thread it into cases."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="speak LMTP (behind Postfix)")

    def handle(self, *args: Any, host: str, port: int, lmtp: bool, **options: Any) -> None:
        controller = start_receiver(host, port, lmtp=lmtp)
        self.stdout.write(f"Receiving {'LMTP' if lmtp else 'SMTP'} on {host}:{port}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            controller.stop()
