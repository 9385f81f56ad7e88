"""Carrier feeds: what reading each carrier's own format costs, and pushes through the webhook.

Run with `make bench-carriers` (a throw-away PostgreSQL on loopback), or by hand:
    DATABASE_URL=postgres://... python benchmarks/carrier_feeds.py --parcels 4000

1. Parsing, per carrier, on its recorded fixtures: events/s read by the adapter against only
   decoding the same bytes (json.loads / ElementTree / parse_qsl) in the same process; the
   ratio says how much of the reading is the carrier's format rather than the decoding.
2. End to end: every parcel's journey pushed as one PostNL Shippingstatus document (five
   events, signed, through /api/v1/carriers/postnl/webhook), which accepts it into the inbox,
   then drained (`drain_pushes_once`), against the same events sent through the batch API
   (1,000 per request) into the same database. In one process, one after the other: the
   server's own figures under load are in `benchmarks/push_load.sh`.
"""

import argparse
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halte.settings.dev")
os.environ.setdefault("HALTE_DEBUG", "false")
os.environ.setdefault("HALTE_API_RATE", "1000000/m")
os.environ.setdefault("HALTE_ALLOWED_HOSTS", "testserver")

FIXTURES = ROOT / "tests" / "fixtures" / "carriers"
CARRIERS = ["postnl", "dhl", "dpd", "gls", "bpost"]
SECRET = "bench-secret"  # noqa: S105 - a throw-away database
STEPS = [
    ("A01", "Pakket is nog niet door PostNL ontvangen of verwerkt"),
    ("B01", "Zending is ontvangen door PostNL"),
    ("J01", "Zending is gesorteerd"),
    ("J05", "Bezorger is onderweg"),
    ("I10", "Zending is bezorgd bij de buren"),
]


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The per-client limits live in a database table (the shared cache).
    call_command("createcachetable", verbosity=0)


def _decode(body: bytes, content_type: str) -> Any:
    if "json" in content_type:
        return json.loads(body)
    if "xml" in content_type:
        return ET.fromstring(body)  # noqa: S314 - our own fixtures
    return parse_qsl(body.decode())


def _rate(work: Any, events: int, seconds: float) -> float:
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        work()
        rounds += 1
    return rounds * events / (time.perf_counter() - started)


def parsing(seconds: float) -> list[tuple[str, int, float, float]]:
    """Per carrier: (carrier, fixture events, adapter events/s, decode-only events/s)."""
    from halte.carriers.adapters import adapter_for

    rows = []
    for slug in CARRIERS:
        adapter = adapter_for(slug)
        assert adapter is not None
        manifest = json.loads((FIXTURES / slug / "manifest.json").read_text())
        files = [((FIXTURES / slug / name).read_bytes(), spec) for name, spec in manifest.items()]

        def read_all(adapter: Any = adapter, files: Any = files) -> None:
            for body, spec in files:
                if spec["kind"] == "webhook":
                    adapter.parse_webhook(body, spec["content_type"])
                else:
                    adapter.parse_tracking(body, spec["tracking_code"])

        def decode_all(files: Any = files) -> None:
            for body, spec in files:
                _decode(body, spec["content_type"])

        events = 0
        for body, spec in files:
            parse = adapter.parse_webhook if spec["kind"] == "webhook" else adapter.parse_tracking
            second = spec["content_type"] if spec["kind"] == "webhook" else spec["tracking_code"]
            events += len(parse(body, second).events)
        rows.append(
            (slug, events, _rate(read_all, events, seconds), _rate(decode_all, events, seconds))
        )
    return rows


def _journeys(parcels: int) -> tuple[list[bytes], list[bytes]]:
    """The same events as PostNL pushes (one per parcel) and as batch-API bodies."""
    start = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
    pushes, batch_events = [], []
    for p in range(parcels):
        code = f"3SBENCHP{p:08d}"
        events = []
        for i, (step, text) in enumerate(STEPS):
            at = start + timedelta(hours=2 * i, seconds=p % 3600)
            events.append(
                {"Code": step, "Description": text, "TimeStamp": at.strftime("%d-%m-%Y %H:%M:%S")}
            )
            batch_events.append(
                {
                    "carrier": "postnl",
                    "tracking_code": code.replace("BENCHP", "BENCHB"),
                    "code": step,
                    "description": text,
                    "occurred_at": at.replace(tzinfo=None).isoformat() + "+01:00",
                }
            )
        document = {"CompleteStatus": {"Shipment": {"Barcode": code, "Event": events[::-1]}}}
        pushes.append(json.dumps(document).encode())
    bodies = [
        json.dumps({"events": batch_events[i : i + 1000]}).encode()
        for i in range(0, len(batch_events), 1000)
    ]
    return pushes, bodies


def end_to_end(parcels: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from halte.carriers.models import CarrierAccount
    from halte.carriers.postnl import WEBHOOK_AUTH
    from halte.feeds.actions import drain_pushes_once
    from halte.organisations.actions import do_issue_api_token
    from halte.organisations.models import Organisation
    from halte.shipments.models import Shipment

    org = Organisation.objects.create(name="Bench", slug=f"bench-{time.time_ns()}")
    _, key = do_issue_api_token(org, name="bench")
    CarrierAccount.objects.create(organisation=org, carrier="postnl", webhook_secret=SECRET)
    Shipment.objects.bulk_create(
        [
            Shipment(
                organisation=org,
                carrier="postnl",
                tracking_code=f"3SBENCH{kind}{p:08d}",
                recipient_name="R",
                postcode="3511AB",
                house_number=1,
                street="S",
                city="U",
                country="NL",
            )
            for p in range(parcels)
            for kind in "PB"
        ],
        batch_size=5000,
    )
    pushes, bodies = _journeys(parcels)
    client = Client()
    latencies = []
    started = time.perf_counter()
    for body in pushes:
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/carriers/postnl/webhook",
            body,
            content_type="application/json",
            headers=WEBHOOK_AUTH.headers_for(body, SECRET),
        )
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 200 and response.json()["accepted"] == len(STEPS), response
    pushed = time.perf_counter() - started
    # The drainer's share: the accepted pushes folded into the shipments, 1,000 at a time.
    started = time.perf_counter()
    stored = 0
    while (outcome := drain_pushes_once(1000)).pushes:
        stored += outcome.stored
    drained = time.perf_counter() - started
    assert stored == parcels * len(STEPS), stored

    started = time.perf_counter()
    for body in bodies:
        response = client.post(
            "/api/v1/carrier-events",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 200, response.content[:300]
    batched = time.perf_counter() - started
    latencies.sort()
    events = parcels * len(STEPS)
    return {
        "database": connection.vendor,
        "events": events,
        "webhook_events_per_s": events / pushed,
        "webhook_pushes_per_s": parcels / pushed,
        "drained_events_per_s": events / drained,
        "pushed_and_drained_events_per_s": events / (pushed + drained),
        "push_p50_ms": latencies[len(latencies) // 2] * 1000,
        "push_p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "batch_events_per_s": events / batched,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=1.0, help="per carrier, for parsing")
    args = parser.parse_args()
    _setup()

    print("Parsing recorded fixtures (events/s, one core)")
    print(f"  {'carrier':8} {'events':>6} {'adapter':>10} {'decode only':>12} {'ratio':>6}")
    for slug, events, adapter_rate, decode_rate in parsing(args.seconds):
        ratio = adapter_rate / decode_rate
        print(f"  {slug:8} {events:>6} {adapter_rate:>10,.0f} {decode_rate:>12,.0f} {ratio:>6.3f}")

    result = end_to_end(args.parcels)
    print(f"\n{result['database']}: {result['events']:,} events, {args.parcels:,} parcels")
    print(
        f"  PostNL webhook accepted, per parcel {result['webhook_events_per_s']:>8,.0f} events/s"
        f"  ({result['webhook_pushes_per_s']:,.0f} pushes/s, p50 {result['push_p50_ms']:.1f} ms,"
        f" p99 {result['push_p99_ms']:.1f} ms)"
    )
    print(f"  drainer, 1,000 pushes per batch     {result['drained_events_per_s']:>8,.0f} events/s")
    both = result["pushed_and_drained_events_per_s"]
    print(f"  accepted and drained, in turn       {both:>8,.0f} events/s")
    batch = result["batch_events_per_s"]
    print(f"  batch API, 1,000 per request        {batch:>8,.0f} events/s")
    ratio = both / result["batch_events_per_s"]
    print(f"  (accepted + drained) / batch        {ratio:>8.2f}")


if __name__ == "__main__":
    main()
