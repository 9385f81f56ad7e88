import json
from typing import Any

from django.core.management.base import BaseCommand

from halte.cases.queries import intent_corrections


class Command(BaseCommand):
    help = (
        "Write the agents' reason corrections as JSON lines {text, intent, language} on standard "
        "output, for `train_understanding --extra FILE` (or use "
        "`--extra-from halte.cases.queries.intent_corrections` directly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for example in intent_corrections():
            self.stdout.write(json.dumps(example, ensure_ascii=False))
