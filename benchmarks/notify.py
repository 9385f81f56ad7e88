"""Event → proactive message queued: latency under a steady stream of carrier events.

Run with `make bench-notify` (private PostgreSQL on loopback), or by hand with DATABASE_URL.
A real task worker (`halte db_worker`) runs beside this process, as in production. The stream
sends batches of 100 events every 100 ms (1,000 events/s) for --seconds; about 5 % are failed
delivery attempts on the promised day, which break the promise. For each of those the latency
is measured from the moment its batch was posted to the moment the proactive message was
written to the outbox. Printed: p50/p99 and the events/s actually sustained. `--rate` sets
the stream (events/s, sent as ten batches a second); `--json` prints the figures as one JSON
line too (benchmarks/scale.py reads it).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halte.settings.dev")
os.environ.setdefault("HALTE_DEBUG", "false")
os.environ.setdefault("HALTE_API_RATE", "1000000/m")
os.environ.setdefault("HALTE_ALLOWED_HOSTS", "testserver")
os.environ["HALTE_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["HALTE_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

PERIOD = 0.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="task worker processes")
    parser.add_argument("--rate", type=int, default=1000, help="carrier events per second")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    batch = max(20, round(args.rate * PERIOD))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (or use `make bench-notify`).")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from halte.cases.models import CaseMessage
    from halte.organisations.actions import do_issue_api_token
    from halte.organisations.models import Organisation
    from halte.promises.models import PromisePolicy
    from halte.shipments.models import Order, Shipment

    call_command("migrate", verbosity=0)
    # The per-client limits live in a database table (the shared cache).
    call_command("createcachetable", verbosity=0)
    org = Organisation.objects.create(name="Bench", slug=f"bench-{time.time_ns()}")
    # Quiet hours off, so every message is due at once and the latency is the pipeline's own.
    PromisePolicy.objects.create(organisation=org, quiet_from="00:00", quiet_until="00:00")
    _, key = do_issue_api_token(org, name="bench")
    total_batches = args.seconds * int(1 / PERIOD)
    parcels = total_batches * batch
    today = timezone.localdate()
    orders = Order.objects.bulk_create(
        [
            Order(
                organisation=org, reference=f"B{i}", placed_at=timezone.now(), promised_date=today
            )
            for i in range(parcels)
        ],
        batch_size=5000,
    )
    Shipment.objects.bulk_create(
        [
            Shipment(
                organisation=org,
                order=o,
                carrier="postnl",
                tracking_code=f"3SNTFY{i:09d}",
                recipient_name="R",
                recipient_email="r@example.nl",
                postcode="3511AB",
                house_number=1,
                street="S",
                city="U",
                country="NL",
                status="out_for_delivery",
                status_at=timezone.now() - timedelta(hours=1),
            )
            for i, o in enumerate(orders)
        ],
        batch_size=5000,
    )

    log = open(os.environ.get("HALTE_BENCH_WORKER_LOG", os.devnull), "w")  # noqa: SIM115
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "halte",
                "db_worker",
                "--interval",
                "0.02",
                "--no-startup-delay",
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=log,
            stderr=log,
        )
        for _ in range(args.workers)
    ]
    time.sleep(4)  # let the workers import Django and start polling before the clock runs
    client = Client()
    posted_at: dict[str, float] = {}
    started = time.perf_counter()
    try:
        for b in range(total_batches):
            tick = started + b * PERIOD
            time.sleep(max(0.0, tick - time.perf_counter()))
            events = []
            for i in range(batch):
                n = b * batch + i
                failed = i % 20 == 0  # 5 % break the promise
                events.append(
                    {
                        "carrier": "postnl",
                        "tracking_code": f"3SNTFY{n:09d}",
                        "code": "delivery_failed.not_home" if failed else "delivered.mailbox",
                        "occurred_at": timezone.now().isoformat(),
                        "event_id": f"n{n}",
                    }
                )
            sent = time.time()
            response = client.post(
                "/api/v1/carrier-events",
                json.dumps({"events": events}),
                content_type="application/json",
                headers={"Authorization": f"Bearer {key}"},
            )
            assert response.status_code == 200, response.content[:200]
            for e in events:
                if e["code"].startswith("delivery_failed"):
                    posted_at[e["tracking_code"]] = sent
        elapsed = time.perf_counter() - started
        deadline = time.time() + 30
        while time.time() < deadline:
            done = CaseMessage.objects.filter(
                kind="proactive", channel="email", case__organisation=org
            ).count()
            if done >= len(posted_at):
                break
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:  # still finishing a task that no longer counts
                worker.kill()
                worker.wait()

    rows = CaseMessage.objects.filter(kind="proactive", channel="email", case__organisation=org)
    latencies = [
        row.created_at.timestamp() - posted_at[row.case.shipment.tracking_code]  # type: ignore[union-attr]
        for row in rows.select_related("case__shipment")
    ]
    print(f"\n{args.workers} task worker process(es)")
    figures = report(total_batches * batch / elapsed, len(posted_at), latencies)
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(
        task_path="halte.promises.tasks.evaluate_promises", finished_at__isnull=False
    )
    waits = [(r.started_at - r.enqueued_at).total_seconds() for r in finished if r.started_at]
    runs = [
        (r.finished_at - r.started_at).total_seconds()
        for r in finished
        if r.started_at and r.finished_at
    ]
    path = "evaluate_promises task"
    if runs:
        figures["task_wait_p50_ms"] = statistics.median(waits) * 1000
        figures["task_run_p50_ms"] = statistics.median(runs) * 1000
        print(
            f"{path}: {len(runs)} tasks, wait p50 {figures['task_wait_p50_ms']:.0f} ms,"
            f" run p50 {figures['task_run_p50_ms']:.0f} ms"
        )
    if args.json:
        print(json.dumps(figures | {"workers": args.workers, "asked_rate": args.rate}))


def report(rate: float, expected: int, latencies: list[float]) -> dict[str, Any]:
    print(f"\nstream: {rate:,.0f} events/s sustained; {expected} promise-breaking events")
    print(f"messages queued: {len(latencies)} of {expected}")
    figures: dict[str, Any] = {"rate": rate, "expected": expected, "queued": len(latencies)}
    if len(latencies) > 1:
        q = statistics.quantiles(latencies, n=100)
        figures |= {"p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "max_ms": max(latencies) * 1000}
        print(
            f"event → message queued: p50 {q[49] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )
    return figures


if __name__ == "__main__":
    main()
