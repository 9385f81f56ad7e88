"""Carrier pushes under load: accepted pushes/s and p99 from gunicorn, lag until stored.

Run inside a throw-away PostgreSQL (durable, PostgreSQL's defaults):
    HALTE_PG_DURABLE=1 scripts/pg.sh run .venv/bin/python benchmarks/push_load.py

1. Announces --parcels PostNL parcels and signs one Shippingstatus push per parcel (five
   scans each); wrk posts them in turn (8 connections), so past the first round a push is a
   resend and its events duplicates, as carriers retry.
2. gunicorn (--workers, production settings) serves the webhook; one `drain_pushes` runs.
3. Floor, in the same run: a static file (CSS, WhiteNoise) from the same gunicorn.
4. The lag from accepted to stored: a trigger of this benchmark's own database notes, for
   every push the drainer deletes, its `received_at` and the moment of the delete (the
   drainer's transaction commits right after).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SECRET = "bench-push-secret"  # noqa: S105 - a throw-away database
PORT = 18421
STEPS = [
    ("A01", "Pakket is nog niet door PostNL ontvangen of verwerkt"),
    ("B01", "Zending is ontvangen door PostNL"),
    ("J01", "Zending is gesorteerd"),
    ("J05", "Bezorger is onderweg"),
    ("I10", "Zending is bezorgd bij de buren"),
]
LUA = """
local bodies = {}
for line in io.lines(os.getenv("PUSH_BODIES")) do bodies[#bodies + 1] = line end
local n = 0
local headers = {["Content-Type"] = "application/json",
                 ["X-Halte-Webhook-Secret"] = os.getenv("PUSH_SECRET")}
request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/carriers/postnl/webhook", headers,
                    bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("LATENCY p50=%.3f p99=%.3f\\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("STATUS non2xx=%d\\n", summary.errors.status))
end
"""
LAG_TRIGGER = """
CREATE TABLE IF NOT EXISTS bench_push_lag (received_at timestamptz, stored_at timestamptz);
CREATE OR REPLACE FUNCTION bench_note_push_lag() RETURNS trigger AS $$
BEGIN
  INSERT INTO bench_push_lag VALUES (OLD.received_at, clock_timestamp());
  RETURN OLD;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS bench_push_lag ON feeds_receivedpush;
CREATE TRIGGER bench_push_lag AFTER DELETE ON feeds_receivedpush
  FOR EACH ROW EXECUTE FUNCTION bench_note_push_lag();
"""


def _environment(var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "halte.settings.production",
        "HALTE_SECRET_KEY": secrets.token_urlsafe(50),
        "HALTE_ANYMAIL_WEBHOOK_SECRET": f"bench:{secrets.token_urlsafe(20)}",
        "HALTE_SSL_REDIRECT": "false",
        "HALTE_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HALTE_VAR_DIR": str(var),
        "HALTE_STATIC_ROOT": str(var / "static"),
        "HALTE_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }


def _halte(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "halte", *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def _prepare(parcels: int, bodies_file: Path) -> None:
    import django

    django.setup()
    from django.db import connection

    from halte.carriers.models import CarrierAccount
    from halte.organisations.models import Organisation
    from halte.shipments.models import Shipment

    org = Organisation.objects.create(name="Bench", slug=f"bench-{time.time_ns()}")
    CarrierAccount.objects.create(organisation=org, carrier="postnl", webhook_secret=SECRET)
    # Other shops' PostNL accounts: the secret is found by its digest, not by trying each.
    CarrierAccount.objects.bulk_create(
        [
            CarrierAccount(
                organisation=Organisation.objects.create(name=f"Shop {n}", slug=f"shop-{n}"),
                carrier="postnl",
                webhook_secret=f"other-secret-{n}",
            )
            for n in range(50)
        ]
    )
    Shipment.objects.bulk_create(
        [
            Shipment(
                organisation=org,
                carrier="postnl",
                tracking_code=f"3SLOAD{p:08d}",
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
    start = datetime.now(UTC) - timedelta(hours=30)
    with bodies_file.open("w") as out:
        for p in range(parcels):
            code = f"3SLOAD{p:08d}"
            events = [
                {
                    "Code": step,
                    "Description": text,
                    "LocationCode": "161234",
                    "TimeStamp": (start + timedelta(hours=5 * i, minutes=p % 60)).strftime(
                        "%d-%m-%Y %H:%M:%S"
                    ),
                }
                for i, (step, text) in enumerate(STEPS)
            ]
            document = {
                "CompleteStatus": {
                    "Shipment": {"MainBarcode": code, "Barcode": code, "Event": events}
                }
            }
            out.write(json.dumps(document, separators=(",", ":")) + "\n")
    with connection.cursor() as cursor:
        cursor.execute(LAG_TRIGGER)
    connection.close()


def _wrk(url: str, seconds: int, script: Path | None, env: dict[str, str]) -> dict[str, float]:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run(  # noqa: S603 - wrk from Debian
        [*command, url], env=env, capture_output=True, text=True, check=True
    )
    out = done.stdout
    if os.environ.get("BENCH_SHOW_WRK"):
        print(out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    result = {"rate": rate}
    if script is not None:
        latency = re.search(r"LATENCY p50=([\d.]+) p99=([\d.]+)", out)
        assert latency is not None, out
        result["p50"], result["p99"] = float(latency.group(1)), float(latency.group(2))
        status = re.search(r"STATUS non2xx=(\d+)", out)
        result["non2xx"] = float(status.group(1)) if status else 0.0
    else:
        p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
        assert p50 is not None and p99 is not None, out
        result["p50"] = float(p50.group(1)) * scale[p50.group(2)]
        result["p99"] = float(p99.group(1)) * scale[p99.group(2)]
    return result


def _wait_for(url: str, seconds: float = 60) -> None:
    """Until every worker has booted and answers (the master listens long before)."""
    import urllib.request

    deadline = time.monotonic() + seconds
    answered = 0
    while time.monotonic() < deadline and answered < 20:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                answered += response.status == 200
        except OSError:
            time.sleep(0.2)
    if answered < 20:
        raise SystemExit(f"gunicorn did not answer {url}")


def _lag_and_backlog() -> tuple[float, float, float, int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s),"
            " percentile_cont(0.99) WITHIN GROUP (ORDER BY s), max(s), count(*)"
            " FROM (SELECT extract(epoch FROM stored_at - received_at) * 1000 AS s"
            " FROM bench_push_lag) lag"
        )
        p50, p99, worst, drained = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM feeds_receivedpush")
        (waiting,) = cursor.fetchone()
    return float(p50 or 0), float(p99 or 0), float(worst or 0), int(drained), int(waiting)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    # A push waits on PostgreSQL's commit (the WAL on disk); threads let a worker take the next
    # push meanwhile, and PostgreSQL flushes concurrent commits together.
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run inside scripts/pg.sh run (PostgreSQL).")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found (Debian package 'wrk').")
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"127.0.0.1:{PORT} is taken; stop what listens there first.")
    var = Path(tempfile.mkdtemp(prefix="halte-push-load-"))
    env = _environment(var)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("HALTE_", "DJANGO_"))})
    _halte(env, "migrate", "-v0")
    _halte(env, "createcachetable")
    _halte(env, "collectstatic", "--noinput", "-v0")
    bodies = var / "bodies.jsonl"
    _prepare(args.parcels, bodies)
    script = var / "push.lua"
    script.write_text(LUA)
    static_path = next((var / "static" / "halte").glob("halte.*.css")).name

    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own environment
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "halte.wsgi",
            f"--workers={args.workers}",
            f"--threads={args.threads}",
            f"--bind=127.0.0.1:{PORT}",
            "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    drainer = subprocess.Popen(
        [sys.executable, "-m", "halte", "drain_pushes", "--every", "0.1", "--batch", "1000"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        _wait_for(f"{base}/static/halte/{static_path}")
        floor = _wrk(f"{base}/static/halte/{static_path}", args.seconds, None, env)
        load_env = {**env, "PUSH_BODIES": str(bodies), "PUSH_SECRET": SECRET}
        pushes = _wrk(f"{base}/api/v1/carriers/postnl/webhook", args.seconds, script, load_env)
        deadline = time.monotonic() + 120
        while _lag_and_backlog()[4] and time.monotonic() < deadline:
            time.sleep(0.2)
        lag_p50, lag_p99, lag_max, drained, waiting = _lag_and_backlog()
    finally:
        for process in (drainer, server):
            process.send_signal(signal.SIGTERM)
            process.wait(30)
    ratio = pushes["rate"] / floor["rate"]
    print(f"static file (floor)   {floor['rate']:>8,.0f} req/s  p50 {floor['p50']:.2f} ms"
          f"  p99 {floor['p99']:.2f} ms")  # fmt: skip
    print(f"PostNL push accepted  {pushes['rate']:>8,.0f} req/s  p50 {pushes['p50']:.2f} ms"
          f"  p99 {pushes['p99']:.2f} ms  non-2xx {pushes['non2xx']:.0f}")  # fmt: skip
    print(f"push / floor          {ratio:>8.3f}")
    print(f"accepted -> stored    p50 {lag_p50:.0f} ms  p99 {lag_p99:.0f} ms  max {lag_max:.0f} ms"
          f"  ({drained:,} pushes drained, {waiting} left)")  # fmt: skip


if __name__ == "__main__":
    main()
