from typing import Any

from django.core.management.base import BaseCommand

from halte.promises.actions import evaluate_promise, shipments_to_watch


class Command(BaseCommand):
    help = "Judge every open promise now (run every few minutes, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes: dict[str, int] = {}
        for pk in shipments_to_watch():
            outcome = evaluate_promise(pk).outcome
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        self.stdout.write(
            ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "nothing to check"
        )
