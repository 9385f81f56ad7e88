"""Carrier-event ingestion through the batch API, against a raw PostgreSQL COPY of the same rows.

Run with `make bench` (starts a throw-away PostgreSQL on loopback), or by hand:
    DATABASE_URL=postgres://... python benchmarks/ingest.py --events 100000
Prints events/s through POST /api/v1/carrier-events (the whole stack: middleware, token,
validation, idempotency check, insert, shipment state), the same for a re-sent (duplicate)
stream, and the ratio to COPY-ing the identical rows into a table shaped like the events table.
With --sqlite it also measures a SQLite file database in a child process.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halte.settings.dev")
os.environ.setdefault("HALTE_DEBUG", "false")
os.environ.setdefault("HALTE_API_RATE", "1000000/m")
os.environ.setdefault("HALTE_ALLOWED_HOSTS", "testserver")

STEPS = ["received_by_carrier", "at_depot", "out_for_delivery", "window_set", "delivered.mailbox"]
BATCH = 1000


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The API's per-client limits count in the database cache.
    call_command("createcachetable", verbosity=0)


def _events(n_events: int) -> list[dict[str, Any]]:
    """A stream in time order: each parcel gets five scans, parcels interleaved."""
    start = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    parcels = n_events // len(STEPS)
    out = []
    for step_index, step in enumerate(STEPS):
        for p in range(parcels):
            at = start + timedelta(hours=step_index * 2, seconds=p % 3600)
            event: dict[str, Any] = {
                "carrier": "postnl",
                "tracking_code": f"3SBENCH{p:09d}",
                "code": step,
                "description": f"scan {step}",
                "occurred_at": at.isoformat(),
                "location": "Nieuwegein",
                "event_id": f"bench-{p}-{step_index}",
            }
            if step == "window_set":
                event["window_start"] = (at + timedelta(hours=1)).isoformat()
                event["window_end"] = (at + timedelta(hours=2)).isoformat()
            out.append(event)
    return out


def _prepare(n_events: int) -> tuple[str, list[bytes], int]:
    from halte.organisations.actions import do_issue_api_token
    from halte.organisations.models import Organisation
    from halte.shipments.models import Shipment

    org = Organisation.objects.create(name="Bench", slug=f"bench-{time.time_ns()}")
    _, key = do_issue_api_token(org, name="bench")
    parcels = n_events // len(STEPS)
    Shipment.objects.bulk_create(
        [
            Shipment(
                organisation=org,
                carrier="postnl",
                tracking_code=f"3SBENCH{p:09d}",
                recipient_name="R",
                postcode="3511AB",
                house_number=1,
                street="S",
                city="U",
                country="NL",
            )
            for p in range(parcels)
        ],
        batch_size=5000,
    )
    events = _events(n_events)
    bodies = [
        json.dumps({"events": events[i : i + BATCH]}).encode() for i in range(0, len(events), BATCH)
    ]
    return key, bodies, len(events)


def _post_all(key: str, bodies: list[bytes]) -> tuple[float, list[float], int]:
    from django.test import Client

    client = Client()
    latencies = []
    stored = 0
    started = time.perf_counter()
    for body in bodies:
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/carrier-events",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        latencies.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"batch failed: {response.status_code} {response.content[:300]!r}")
        stored += response.json()["stored"]
    return time.perf_counter() - started, latencies, stored


def _copy_baseline(n_events: int) -> float:
    """COPY the same rows into a table with the events table's columns, indexes and keys."""
    from django.db import connection

    from halte.shipments.models import TrackingEvent

    org_id, shipment_id = TrackingEvent.objects.values_list("organisation_id", "shipment_id")[0]
    columns = [
        "organisation_id",
        "shipment_id",
        "carrier",
        "tracking_code",
        "event_key",
        "raw_code",
        "raw_description",
        "status",
        "delivery_place",
        "delivery_place_detail",
        "failure_reason",
        "window_start",
        "window_end",
        "location",
        "occurred_at",
        "received_at",
    ]
    buffer = io.StringIO()
    now = datetime.now(UTC).isoformat()
    for e in _events(n_events):
        row = [
            str(org_id),
            str(shipment_id),
            e["carrier"],
            e["tracking_code"],
            e["event_id"],
            e["code"],
            e["description"],
            e["code"].split(".")[0],
            "",
            "",
            "",
            e.get("window_start", "\\N"),
            e.get("window_end", "\\N"),
            e["location"],
            e["occurred_at"],
            now,
        ]
        buffer.write("\t".join(row) + "\n")
    data = buffer.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE TABLE bench_copy (LIKE shipments_trackingevent INCLUDING ALL)")
        started = time.perf_counter()
        raw = cursor.cursor  # psycopg 3 cursor underneath Django's wrapper
        with raw.copy(f"COPY bench_copy ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(data)
        connection.commit() if not connection.get_autocommit() else None
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return n_events / elapsed


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def run(n_events: int, with_copy: bool) -> dict[str, Any]:
    _setup()
    from django.db import connection

    key, bodies, total = _prepare(n_events)
    elapsed, latencies, stored = _post_all(key, bodies)
    assert stored == total, f"stored {stored} of {total}"
    resend = bodies[: max(1, len(bodies) // 10)]
    dup_elapsed, _, dup_stored = _post_all(key, resend)
    assert dup_stored == 0, "a re-sent batch must store nothing"
    result: dict[str, Any] = {
        "database": connection.vendor,
        "events": total,
        "batches": len(bodies),
        "events_per_s": total / elapsed,
        "batch_p50_ms": _percentile(latencies, 50) * 1000,
        "batch_p99_ms": _percentile(latencies, 99) * 1000,
        "duplicate_events_per_s": len(resend) * BATCH / dup_elapsed,
    }
    if with_copy and connection.vendor == "postgresql":
        result["copy_events_per_s"] = _copy_baseline(total)
        result["ratio_to_copy"] = result["events_per_s"] / result["copy_events_per_s"]
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"\n{result['database']}: {result['events']:,} events in {result['batches']} batches")
    print(f"  API ingest        {result['events_per_s']:>10,.0f} events/s")
    p50, p99 = result["batch_p50_ms"], result["batch_p99_ms"]
    print(f"  batch latency     p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(f"  re-sent (dupes)   {result['duplicate_events_per_s']:>10,.0f} events/s, stored 0")
    if "copy_events_per_s" in result:
        print(f"  raw COPY baseline {result['copy_events_per_s']:>10,.0f} events/s")
        print(f"  API / COPY        {result['ratio_to_copy']:>10.2f}")
        hours = 10_000_000 / result["events_per_s"] / 3600
        print(f"  a 10 M-event peak day would take {hours:.2f} h through the API")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--sqlite-events", type=int, default=20_000)
    parser.add_argument("--sqlite", action="store_true", help="also measure a SQLite file")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.json:  # child process: one database, result as JSON
        print(json.dumps(run(args.events, with_copy=False)))
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (or use `make bench`).")
    _print(run(args.events, with_copy=True))
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
            out = subprocess.run(  # noqa: S603 - our own script
                [sys.executable, __file__, "--json", "--events", str(args.sqlite_events)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            _print(json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
