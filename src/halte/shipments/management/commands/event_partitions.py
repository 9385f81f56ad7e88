"""`python -m halte event_partitions`: make the events table's monthly partitions ahead of
time, and detach the old ones (PostgreSQL)."""

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from halte.shipments.partitions import (
    DEFAULT_PARTITION,
    add_months,
    create_month_partitions,
    detach_month_partitions,
    is_partitioned,
    month_partitions,
    supported,
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> date:
    found = _MONTH.match(value)
    if not found or not 1 <= int(found[2]) <= 12:
        raise CommandError(f"'{value}' is not a month; write it as YYYY-MM, e.g. 2025-01")
    return date(int(found[1]), int(found[2]), 1)


class Command(BaseCommand):
    help = (
        "Create the events table's monthly partitions up to --ahead months after this one "
        "(and from --from, for old months waiting in the DEFAULT partition); with "
        "--detach-before YYYY-MM, detach every partition of a month before it. PostgreSQL only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ahead", type=int, default=3, help="months after this one")
        parser.add_argument("--from", dest="first", help="first month to create, YYYY-MM")
        parser.add_argument("--detach-before", dest="before", help="YYYY-MM")

    def handle(
        self, *args: Any, ahead: int, first: str | None, before: str | None, **options: Any
    ) -> None:
        if not 0 <= ahead <= 36:
            raise CommandError("--ahead must be between 0 and 36 months")
        this_month = timezone.now().date().replace(day=1)
        start = _month(first) if first else this_month
        detach_before = _month(before) if before else None
        if detach_before and detach_before > this_month:
            raise CommandError("--detach-before must not be after this month")
        if not supported() or not is_partitioned():
            self.stdout.write(
                "The events table is one table here: partitions are a PostgreSQL feature."
            )
            return
        created = create_month_partitions(min(start, this_month), add_months(this_month, ahead))
        for name in created:
            self.stdout.write(f"created {name}")
        if detach_before:
            for name in detach_month_partitions(detach_before):
                self.stdout.write(
                    f"detached {name}: its events no longer show; archive it "
                    f"(pg_dump -t {name}) and DROP TABLE {name} when done"
                )
        months = month_partitions()
        self.stdout.write(
            f"{len(months)} monthly partition(s), "
            f"{months[0].month:%Y-%m} to {months[-1].month:%Y-%m}, and {DEFAULT_PARTITION}"
            if months
            else f"no monthly partitions; every event is in {DEFAULT_PARTITION}"
        )
