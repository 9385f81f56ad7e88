"""A whole country's parcels on one machine: the load harness behind `make bench-scale`.

One command sets up a private PostgreSQL (durable defaults) on a loopback port, migrates it
with production settings, writes a realistic history with COPY (organisations, 1,000,000
shipments with ~5 carrier events each over the last three weeks, orders, promises for a
share), starts the production server (gunicorn) and drives the real HTTP endpoints with wrk:

  floor A       a collected static file served by the same server
  tracking      /track/s/<token>/ for a few parcels (warmed: the cached page) and for many
                different parcels (an evening peak of distinct visitors: the uncached page)
  pushes        PostNL Shippingstatus pushes (one parcel, five scans, signed) and how long an
                accepted push takes to be stored (a `drain_pushes` worker runs beside the
                server when the installation has that command)
  batch API     POST /api/v1/carrier-events through the server against floor B, a raw COPY
                of the same rows into a table shaped like the events table
  notify        event -> proactive message at 2,000 events/s (benchmarks/notify.py --rate)

Every figure is printed with its ratio to the floor measured in the same run and the target
of issue 17, as a table and as JSON in var/bench/scale-<date>.json. Ports are below the
ephemeral range (wrk's TIME_WAIT sockets cannot take them); everything started is stopped at
the end, on an error and on Ctrl+C.

    make bench-scale                       # 1,000,000 shipments, 15 s per load
    make bench-scale ARGS="--quick"        # 50,000 shipments, 8 s per load, for development
    .venv/bin/python benchmarks/scale.py --help
"""

import argparse
import contextlib
import html
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCHMARKS))
OUT = ROOT / "var" / "bench"
PY = sys.executable
HOST = "127.0.0.1"
SECRET = "scale-bench-webhook-secret"  # noqa: S105 - a throw-away database
# Issue 17's targets on 2 cores.
TARGETS = {
    "tracking_cached_rps": 1500.0,
    "tracking_cached_p99_ms": 20.0,
    "tracking_cached_ratio": 0.4,
    "tracking_uncached_rps": 500.0,
    "pushes_rps": 1000.0,
    "pushes_p99_ms": 30.0,
    "pushes_lag_p99_s": 1.0,
    "ingest_events_per_s": 30_000.0,
    "ingest_ratio": 0.25,
    "notify_p99_ms": 250.0,
    "notify_rate": 2000.0,
}
PHASES = ["static", "cached", "uncached", "pushes", "ingest", "notify"]


# --- Processes: each started in its own session, stopped by its own id -------------------------


class Stack:
    """Everything this run started; stop() ends it, whatever state the run is in."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.stops: list[Any] = []

    def start(self, name: str, command: list[str], env: dict[str, str], log: Path) -> Any:
        handle = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def stop_process(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes = [(n, p) for n, p in self.processes if p is not process]

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            self.stop_process(process)
        for stop in reversed(self.stops):
            with contextlib.suppress(Exception):
                stop()
        self.stops = []


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def wait_for_port(port: int, seconds: float, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_taken(port):
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    tail = log.read_text(errors="replace").splitlines()[-20:] if log.exists() else []
    raise SystemExit(f"Nothing listens on {HOST}:{port}; {log} says:\n" + "\n".join(tail))


def descendants(pid: int) -> list[int]:
    """Every process below pid (read from /proc), children first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def web_workers(server: subprocess.Popen[bytes]) -> list[int]:
    """gunicorn's worker processes: the ones whose parent is a gunicorn master."""

    def cmdline(pid: int) -> str:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return ""

    below = descendants(server.pid)
    masters = [server.pid, *below]
    workers = []
    for pid in below:
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent in masters and "gunicorn" in cmdline(parent) and "gunicorn" in cmdline(pid):
                workers.append(pid)
    return workers


# --- Set-up: tools, PostgreSQL, Redis, settings -------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    command = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing; installing it: " + " ".join(command), flush=True)
        if subprocess.run(command, check=False).returncode == 0 and shutil.which("wrk"):  # noqa: S603
            return str(shutil.which("wrk"))
    raise SystemExit(
        "The load tool wrk is not installed. Install it with:\n"
        "    sudo apt-get update && sudo apt-get install -y wrk"
    )


def start_postgres(stack: Stack, port: int) -> str:
    env = {**os.environ, "HALTE_PG_PORT": str(port), "HALTE_PG_DURABLE": "1"}
    data = Path(env.setdefault("HALTE_PG_DIR", f"/tmp/halte-pg-{port}"))  # noqa: S108
    pg = str(ROOT / "scripts" / "pg.sh")

    def stop() -> None:
        subprocess.run([pg, "stop"], env=env, check=False, capture_output=True)  # noqa: S603
        shutil.rmtree(data, ignore_errors=True)

    stack.stops.append(stop)
    subprocess.run([pg, "start"], env=env, check=True)  # noqa: S603
    with psycopg.connect(f"postgresql://halte@{HOST}:{port}/postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE halte_scale")
    return f"postgres://halte@{HOST}:{port}/halte_scale"


def start_redis(stack: Stack, port: int) -> str:
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit("--redis needs redis-server: sudo apt-get install -y redis-server")
    log = OUT / "redis.log"
    process = stack.start(
        "redis",
        [server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        dict(os.environ),
        log,
    )
    wait_for_port(port, 10, process, log)
    return f"redis://{HOST}:{port}/0"


def production_env(
    database_url: str, web_port: int, cache_url: str, workers: int
) -> dict[str, str]:
    """Production settings as an operator would set them, minus TLS (wrk speaks plain HTTP)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "halte.settings.production",
        "DATABASE_URL": database_url,
        "HALTE_SECRET_KEY": secrets.token_urlsafe(50),
        "HALTE_ANYMAIL_WEBHOOK_SECRET": "halte:" + secrets.token_urlsafe(20),
        "HALTE_ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "HALTE_SSL_REDIRECT": "false",
        "HALTE_SECURE_COOKIES": "false",
        "HALTE_HSTS_SECONDS": "0",
        "HALTE_STATIC_ROOT": str(OUT / "static"),
        "HALTE_BASE_URL": f"http://{HOST}:{web_port}",
        # The harness measures throughput, not the per-token API limit.
        "HALTE_API_RATE": "100000000/m",
        "HALTE_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "HALTE_LOG_LEVEL": "ERROR",
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(ROOT / "src"),
    }
    if cache_url:
        env["HALTE_CACHE_URL"] = cache_url
    return {**os.environ, **env}


# --- A realistic history, written with COPY -----------------------------------------------------

STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianalaan",
    "Beatrixstraat",
    "Nieuwstraat",
    "Parallelweg",
    "Lindenlaan",
    "Eikenlaan",
    "Markt",
]
CITIES = [
    "Utrecht",
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Arnhem",
    "Zwolle",
    "Leiden",
]
DEPOTS = [
    "Nieuwegein",
    "Amsterdam-West",
    "Rotterdam-Waalhaven",
    "Eindhoven",
    "Zwolle",
    "Den Bosch",
    "Groningen",
    "Almere",
    "Tilburg",
]
NAMES = [
    "J. de Vries",
    "S. Jansen",
    "M. Bakker",
    "L. Visser",
    "E. Smit",
    "N. Meijer",
    "A. de Boer",
    "R. Mulder",
    "T. de Groot",
    "K. Bos",
    "F. Vos",
    "P. Peters",
]
# (carrier, share of parcels, tracking-code prefix)
CARRIER_MIX = [
    ("postnl", 0.55, "3SHLT"),
    ("dhl", 0.2, "JVGL"),
    ("dpd", 0.12, "0530"),
    ("gls", 0.08, "GLS"),
    ("bpost", 0.05, "3232"),
]
PLACES = [
    ("mailbox", 0.4, ""),
    ("recipient", 0.35, ""),
    ("neighbour", 0.2, "bij nr. {n}"),
    ("safe_place", 0.05, "achter het huis"),
]
LETTERS = "ABCEGHJKLMNPRTVWXZ"
DAY = 86_400


def postcode_of(shipment_id: int) -> str:
    """Deterministic per shipment, so a link can be made later without reading the row."""
    digits = 1000 + (shipment_id * 7919) % 9000
    return f"{digits}{LETTERS[shipment_id % 18]}{LETTERS[(shipment_id // 18) % 18]}"


class Moments:
    """Timestamps as COPY text, formatted once per minute rather than once per value."""

    def __init__(self) -> None:
        self.minutes: dict[int, str] = {}

    def __call__(self, epoch: float) -> str:
        whole = int(epoch)
        minute = whole // 60
        text = self.minutes.get(minute)
        if text is None:
            text = datetime.fromtimestamp(minute * 60, UTC).strftime("%Y-%m-%d %H:%M:")
            self.minutes[minute] = text
        return f"{text}{whole % 60:02d}+00"


@dataclass
class Day:
    organisation_id: int
    api_key: str
    history: int  # shipments 1..history carry events
    push_first: int
    push_count: int
    probe_first: int
    probe_count: int
    ingest_first: int
    ingest_parcels: int
    events: int = 0
    promises: int = 0
    seconds: float = 0.0
    copy_seconds: float = 0.0  # of `seconds`: writing the rows; the rest is VACUUM (ANALYZE)
    partitioned: bool = False
    partitions: int = 0


def _columns(conn: psycopg.Connection[Any], table: str) -> dict[str, bool]:
    """Column name -> must be given (NOT NULL without a default or identity)."""
    rows = conn.execute(
        "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL"
        " AND is_identity = 'NO' FROM information_schema.columns WHERE table_name = %s",
        [table],
    ).fetchall()
    return {name: bool(required) for name, required in rows}


def _check_columns(conn: psycopg.Connection[Any], table: str, given: list[str]) -> None:
    columns = _columns(conn, table)
    unknown = [c for c in given if c not in columns]
    missing = [c for c, required in columns.items() if required and c not in given]
    if unknown or missing:
        raise SystemExit(
            f"benchmarks/scale.py writes {table} with columns the schema no longer has "
            f"({', '.join(unknown) or 'none'}) or without required ones "
            f"({', '.join(missing) or 'none'}): update its generator to the models."
        )


SHIPMENT_COLUMNS = [
    "id",
    "organisation_id",
    "order_id",
    "carrier",
    "tracking_code",
    "kind",
    "recipient_name",
    "recipient_email",
    "recipient_phone",
    "postcode",
    "house_number",
    "house_number_addition",
    "street",
    "city",
    "country",
    "status",
    "status_at",
    "delivery_place",
    "delivery_place_detail",
    "failure_reason",
    "window_start",
    "window_end",
    "delivered_at",
    "created_at",
    "updated_at",
]
ORDER_COLUMNS = [
    "id",
    "organisation_id",
    "reference",
    "placed_at",
    "promised_date",
    "promised_window_start",
    "promised_window_end",
]
EVENT_COLUMNS = [
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
PROMISE_COLUMNS = [
    "shipment_id",
    "previous_id",
    "date",
    "window_start",
    "window_end",
    "source",
    "state",
    "made_at",
    "settled_at",
    "broken_because",
]
N = "\\N"


def _pick(rng: random.Random, table: list[tuple[str, float, str]]) -> tuple[str, str]:
    roll, total = rng.random(), 0.0
    for name, share, extra in table:
        total += share
        if roll < total:
            return name, extra
    return table[-1][0], table[-1][2]


class Step(NamedTuple):
    """One carrier scan of a generated parcel; times are epoch seconds (0: no window)."""

    status: str
    raw_code: str
    text: str
    place: str
    detail: str  # where it was left (delivered) or why it failed (delivery_failed)
    window_start: float
    window_end: float
    at: float


def journey(rng: random.Random, created: float, now: float) -> list[Step]:
    """A parcel's scans from hand-over to the door, those that happened by `now`."""
    received = created + rng.uniform(1, 8) * 3600
    depot = received + rng.uniform(4, 10) * 3600
    out = depot + rng.uniform(7, 12) * 3600
    window_at = out + rng.uniform(5, 25) * 60
    window_start = (window_at // 1800) * 1800 + 3600 * rng.randint(1, 5)
    window_end = window_start + 7200
    on_the_way = ("out_for_delivery", "out_for_delivery", "Bezorger is onderweg", "", "", 0, 0)
    steps = [
        Step(
            "received_by_carrier",
            "received_by_carrier",
            "Zending is ontvangen",
            "",
            "",
            0,
            0,
            received,
        ),
        Step("at_depot", "at_depot", "Zending is gesorteerd", "", "", 0, 0, depot),
        Step(*on_the_way, out),
        Step(
            "window_set",
            "window_set",
            "Verwachte bezorging",
            "",
            "",
            window_start,
            window_end,
            window_at,
        ),
    ]
    if rng.random() < 0.04:  # a failed attempt, delivered the next day
        failed = window_start + rng.uniform(0, 7200)
        again = failed + rng.uniform(20, 24) * 3600
        steps += [
            Step(
                "delivery_failed",
                "delivery_failed.not_home",
                "Niemand thuis",
                "",
                "not_home",
                0,
                0,
                failed,
            ),
            Step(*on_the_way, again),
        ]
        delivered = again + rng.uniform(1, 4) * 3600
    else:
        delivered = window_start + rng.uniform(0, 7200)
    place, detail = _pick(rng, PLACES)
    steps.append(
        Step(
            "delivered",
            f"delivered.{place}",
            "Zending is bezorgd",
            place,
            detail.format(n=rng.randint(1, 99)),
            0,
            0,
            delivered,
        )
    )
    return [s for s in steps if s.at <= now]


class State(NamedTuple):
    """What the shipment row says after its steps, as shipments.journey would derive it."""

    status: str
    status_at: float | None
    delivery_place: str
    delivery_place_detail: str
    failure_reason: str
    window_start: float | None
    window_end: float | None
    delivered_at: float | None


def state_after(steps: list[Step]) -> State:
    if not steps:
        return State("announced", None, "", "", "", None, None, None)
    last = steps[-1]  # in time order, and nothing follows a delivery
    failures = [s.at for s in steps if s.status == "delivery_failed"]
    # A window announced before the last failed attempt belonged to that attempt.
    windows = [s for s in steps if s.window_start and (not failures or s.at > max(failures))]
    window = windows[-1] if windows else None
    delivered = last.status == "delivered"
    return State(
        status=last.status,
        status_at=last.at,
        delivery_place=last.place if delivered else "",
        delivery_place_detail=last.detail if delivered else "",
        failure_reason=last.detail if last.status == "delivery_failed" else "",
        window_start=window.window_start if window else None,
        window_end=window.window_end if window else None,
        delivered_at=last.at if delivered else None,
    )


def generate(dsn: str, shipments: int, reserve: dict[str, int], seed: int = 17) -> Day:
    """Write the history with four COPY streams at once (shipments, orders, events, promises)."""
    from halte.carriers.models import CarrierAccount
    from halte.organisations.actions import do_issue_api_token
    from halte.organisations.models import Organisation

    started = time.perf_counter()
    shops = [
        Organisation.objects.create(name=f"Winkel {n:02d}", slug=f"scale-shop-{n:02d}")
        for n in range(1, 21)
    ]
    bench = shops[0]
    CarrierAccount.objects.create(organisation=bench, carrier="postnl", webhook_secret=SECRET)
    _, key = do_issue_api_token(bench, name="scale")
    day = Day(
        organisation_id=bench.pk,
        api_key=key,
        history=shipments,
        push_first=shipments + 1,
        push_count=reserve["push"],
        probe_first=shipments + 1 + reserve["push"],
        probe_count=reserve["probe"],
        ingest_first=shipments + 1 + reserve["push"] + reserve["probe"],
        ingest_parcels=reserve["ingest"],
    )
    rng = random.Random(seed)
    moment = Moments()
    now = time.time()
    today = datetime.fromtimestamp(now, UTC).date()
    shop_ids = [s.pk for s in shops]
    connections = [psycopg.connect(dsn.replace("postgres://", "postgresql://")) for _ in range(4)]
    tables = [
        ("shipments_shipment", SHIPMENT_COLUMNS),
        ("shipments_order", ORDER_COLUMNS),
        ("shipments_trackingevent", EVENT_COLUMNS),
        ("promises_promise", PROMISE_COLUMNS),
    ]
    for conn, (table, columns) in zip(connections, tables, strict=True):
        _check_columns(conn, table, columns)
        # Rows are made consistent here; the foreign-key triggers would check 7 M of them one
        # by one. Superuser of the private cluster only.
        conn.execute("SET session_replication_role = replica")
    events = promises = 0
    with contextlib.ExitStack() as copies:
        streams = [
            copies.enter_context(
                conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
            )
            for conn, (table, columns) in zip(connections, tables, strict=True)
        ]
        chunk = 5000
        total = shipments + sum(reserve.values())
        for low in range(1, total + 1, chunk):
            s_rows, o_rows, e_rows, p_rows = [], [], [], []
            for sid in range(low, min(total, low + chunk - 1) + 1):
                history = sid <= shipments
                if history:
                    carrier, prefix = _pick(rng, CARRIER_MIX)
                    org = shop_ids[sid % len(shop_ids)]
                    created = now - rng.random() * 21 * DAY
                else:  # announced today for the pushes and the batch API, no scans yet
                    carrier, prefix, org = "postnl", "3SHLT", bench.pk
                    created = now - rng.uniform(1, 6) * 3600
                code = f"{prefix}{sid:011d}"
                if sid >= day.ingest_first:
                    code = f"3SBENCH{sid - day.ingest_first:09d}"  # benchmarks/ingest.py's codes
                steps = journey(rng, created, now) if history else []
                state = state_after(steps)
                s_rows.append(
                    "\t".join(
                        [
                            str(sid),
                            str(org),
                            str(sid) if history else N,
                            carrier,
                            code,
                            "parcel",
                            NAMES[sid % len(NAMES)],
                            f"klant{sid}@example.nl",
                            "",
                            postcode_of(sid),
                            str(1 + sid % 180),
                            "",
                            STREETS[sid % len(STREETS)],
                            CITIES[sid % len(CITIES)],
                            "NL",
                            state.status,
                            moment(state.status_at) if state.status_at else N,
                            state.delivery_place,
                            state.delivery_place_detail,
                            state.failure_reason,
                            moment(state.window_start) if state.window_start else N,
                            moment(state.window_end) if state.window_end else N,
                            moment(state.delivered_at) if state.delivered_at else N,
                            moment(created),
                            moment(state.status_at or created),
                        ]
                    )
                )
                if not history:
                    continue
                promised = rng.random() < 0.3
                promise_day = datetime.fromtimestamp(created + DAY, UTC).date()
                o_rows.append(
                    f"{sid}\t{org}\tHLT{sid:09d}\t{moment(created - 3600)}\t"
                    f"{promise_day.isoformat() if promised else N}\t{N}\t{N}"
                )
                for n, s in enumerate(steps):
                    e_rows.append(
                        f"{org}\t{sid}\t{carrier}\t{code}\tg{sid}-{n}\t{s.raw_code}\t{s.text}\t"
                        f"{s.status}\t{s.place}\t"
                        f"{s.detail if s.status == 'delivered' else ''}\t"
                        f"{s.detail if s.status == 'delivery_failed' else ''}\t"
                        f"{moment(s.window_start) if s.window_start else N}\t"
                        f"{moment(s.window_end) if s.window_end else N}\t"
                        f"{DEPOTS[sid % len(DEPOTS)]}\t{moment(s.at)}\t"
                        f"{moment(s.at + 60 + (sid % 240))}"
                    )
                events += len(steps)
                if promised:
                    promises += 1
                    failed = [s.at for s in steps if s.status == "delivery_failed"]
                    if state.delivered_at and (
                        datetime.fromtimestamp(state.delivered_at, UTC).date() <= promise_day
                    ):
                        promise_state, settled, because = "kept", moment(state.delivered_at), ""
                    elif failed or state.delivered_at or promise_day < today:
                        broken_at = failed[0] if failed else created + 2 * DAY
                        reason = "failed_attempt" if failed else "window_passed"
                        promise_state, settled, because = "broken", moment(broken_at), reason
                    else:
                        promise_state, settled, because = "open", N, ""
                    p_rows.append(
                        f"{sid}\t{N}\t{promise_day.isoformat()}\t{N}\t{N}\tcheckout\t{promise_state}\t"
                        f"{moment(created - 3600)}\t{settled}\t{because}"
                    )
            for stream, rows in zip(streams, (s_rows, o_rows, e_rows, p_rows), strict=True):
                if rows:
                    stream.write("\n".join(rows) + "\n")
    for conn in connections:
        conn.commit()
    day.copy_seconds = time.perf_counter() - started
    with psycopg.connect(dsn.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        for table in ("shipments_shipment", "shipments_order"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
        # As autovacuum would have left a database that lived through these weeks.
        for table, _columns_of in tables:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        kind = conn.execute(
            "SELECT relkind FROM pg_class WHERE relname = 'shipments_trackingevent'"
        ).fetchone()
        day.partitioned = bool(kind and kind[0] == "p")
        if day.partitioned:
            row = conn.execute(
                "SELECT count(*) FROM pg_inherits"
                " WHERE inhparent = 'shipments_trackingevent'::regclass"
            ).fetchone()
            day.partitions = int(row[0]) if row else 0
    for conn in connections:
        conn.close()
    day.events, day.promises = events, promises
    day.seconds = time.perf_counter() - started
    return day


# --- Requests, pre-built ------------------------------------------------------------------------


def tracking_paths(ids: list[int]) -> list[str]:
    from halte.shipments.models import Shipment
    from halte.tracking.links import tracking_url

    return [tracking_url(Shipment(pk=sid, postcode=postcode_of(sid))) for sid in ids]


def push_request(code: str, at: datetime) -> tuple[bytes, dict[str, str]]:
    """A PostNL Shippingstatus push for one parcel with five scans, signed as PostNL signs."""
    from carrier_feeds import STEPS
    from halte.carriers.postnl import WEBHOOK_AUTH

    events = [
        {
            "Code": step,
            "Description": text,
            "TimeStamp": (at + timedelta(minutes=20 * i)).strftime("%d-%m-%Y %H:%M:%S"),
        }
        for i, (step, text) in enumerate(STEPS)
    ]
    document = {"CompleteStatus": {"Shipment": {"Barcode": code, "Event": events[::-1]}}}
    body = json.dumps(document).encode()
    headers = {"Content-Type": "application/json", **WEBHOOK_AUTH.headers_for(body, SECRET)}
    return body, headers


def push_line(body: bytes, headers: dict[str, str]) -> str:
    pairs = [x for item in headers.items() for x in item]
    return "\t".join(["/api/v1/carriers/postnl/webhook", *pairs, body.decode()])


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


# --- Driving ------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    wrapped: bool = False
    profile: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def drive(
    wrk: str,
    name: str,
    port: int,
    lines: Path,
    seconds: int,
    method: str = "GET",
    profile: tuple[int, Path] | None = None,
) -> Load:
    """wrk -t2 -c8 for `seconds` over the requests in `lines`; optionally py-spy on one worker."""
    env = {
        **os.environ,
        "HALTE_WRK_REQUESTS": str(lines),
        "HALTE_WRK_METHOD": method,
        "HALTE_WRK_THREADS": "2",
    }
    spy = None
    if profile is not None:
        pid, svg = profile
        spy = subprocess.Popen(  # noqa: S603 - our own tool
            [
                str(Path(PY).parent / "py-spy"),
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(seconds),
                "--rate",
                "200",
                "--nonblocking",
                "--output",
                str(svg),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    done = subprocess.run(  # noqa: S603 - our own tool
        [
            wrk,
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(BENCHMARKS / "scale.lua"),
            f"http://{HOST}:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"wrk failed for {name}: {done.stderr or done.stdout}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    out = json.loads(line)
    load = Load(
        name=name,
        requests=out["requests"],
        seconds=out["duration_us"] / 1e6,
        rps=out["requests"] / (out["duration_us"] / 1e6),
        p50_ms=out["p50_us"] / 1000,
        p99_ms=out["p99_us"] / 1000,
        max_ms=out["max_us"] / 1000,
        errors=sum(
            out[k]
            for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
        ),
        wrapped=out["threads_wrapped"] > 0,
    )
    if spy is not None and profile is not None:
        _, err = spy.communicate(timeout=seconds + 60)
        if spy.returncode == 0:
            load.profile = str(profile[1].relative_to(ROOT))
            load.extra["profile_top"] = profile_summary(profile[1])
        else:
            print(f"  py-spy could not record: {err.decode(errors='replace')[-300:]}")
    return load


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    # Inclusive: a percentile of a few probes never lies beyond the slowest one.
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class LagProbe:
    """During the push load: a push every 0.2 s for a parcel of its own, timed from its 200
    to the moment all five scans can be read from the database (polled every 20 ms)."""

    def __init__(self, port: int, dsn: str, day: Day) -> None:
        self.port, self.dsn, self.day = port, dsn, day
        self.accepted: dict[int, float] = {}
        self.stored: dict[int, float] = {}
        self.refused = 0
        self.give_up = float("inf")  # when polling stops, once the load is over
        self.running = threading.Event()
        self.threads = [
            threading.Thread(target=self._push, daemon=True),
            threading.Thread(target=self._poll, daemon=True),
        ]

    def __enter__(self) -> "LagProbe":
        self.running.set()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.running.clear()
        if kind is not None:  # interrupted: stop polling too, nobody waits for the figures
            self.give_up = 0.0
            self.threads[1].join()
        self.threads[0].join()

    def _push(self) -> None:
        at = datetime.now(UTC) - timedelta(hours=2)
        for sid in range(self.day.probe_first, self.day.probe_first + self.day.probe_count):
            if not self.running.is_set():
                return
            body, headers = push_request(f"3SHLT{sid:011d}", at)
            status, _ = post(self.port, "/api/v1/carriers/postnl/webhook", body, headers)
            if 200 <= status < 300:  # 202 where pushes are accepted now and stored later
                self.accepted[sid] = time.time()
            else:
                self.refused += 1
            time.sleep(0.2)

    def _poll(self) -> None:
        with psycopg.connect(
            self.dsn.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            while self.running.is_set() or (
                len(self.stored) < len(self.accepted) and time.time() < self.give_up
            ):
                waiting = [sid for sid in self.accepted if sid not in self.stored]
                if waiting:
                    rows = c.execute(
                        "SELECT shipment_id FROM shipments_trackingevent"
                        " WHERE shipment_id = ANY(%s) GROUP BY shipment_id HAVING count(*) >= 5",
                        [waiting],
                    ).fetchall()
                    seen = time.time()
                    for (sid,) in rows:
                        self.stored[sid] = seen
                time.sleep(0.02)

    def finish(self, seconds: float) -> None:
        self.give_up = time.time() + seconds
        self.threads[1].join()

    def lags(self) -> list[float]:
        return sorted(self.stored[s] - self.accepted[s] for s in self.stored)


def stored_push_events(dsn: str, day: Day) -> int:
    with psycopg.connect(dsn.replace("postgres://", "postgresql://")) as c:
        row = c.execute(
            "SELECT count(*) FROM shipments_trackingevent WHERE shipment_id BETWEEN %s AND %s",
            [day.push_first, day.push_first + day.push_count - 1],
        ).fetchone()
    return int(row[0]) if row else 0


def ingest_through_server(port: int, day: Day, events: int, clients: int) -> dict[str, Any]:
    """The batch API through the server: 1,000 events a request, `clients` at a time."""
    import ingest

    batches = [
        json.dumps({"events": chunk}).encode()
        for chunk in _chunks(ingest._events(events), ingest.BATCH)
    ]
    headers = {"Authorization": f"Bearer {day.api_key}", "Content-Type": "application/json"}
    latencies: list[float] = []
    stored: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    queue = iter(batches)

    def client() -> None:
        while True:
            with lock:
                body = next(queue, None)
            if body is None:
                return
            t0 = time.perf_counter()
            status, answer = post(port, "/api/v1/carrier-events", body, headers)
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                if status == 200:
                    stored.append(json.loads(answer)["stored"])
                else:
                    failures.append(f"{status} {answer[:200]!r}")

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"batch API refused {len(failures)} batches, e.g. {failures[0]}")
    total = len(batches) * ingest.BATCH
    if sum(stored) != total:
        raise SystemExit(f"batch API stored {sum(stored)} of {total} events")
    copy_rate = ingest._copy_baseline(total)
    return {
        "events": total,
        "events_per_s": total / elapsed,
        "batch_p50_ms": percentile(latencies, 50) * 1000,
        "batch_p99_ms": percentile(latencies, 99) * 1000,
        "copy_events_per_s": copy_rate,
        "ratio_to_copy": total / elapsed / copy_rate,
    }


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for low in range(0, len(items), size):
        yield items[low : low + size]


def notify(
    stack: Stack, env: dict[str, str], rate: int, seconds: int, profile: Path | None
) -> dict[str, Any]:
    """benchmarks/notify.py at `rate`; with `profile`, py-spy on one of its task workers."""
    out = OUT / "notify.out"
    out.write_text("")
    process = stack.start(
        "notify stream",
        [
            PY,
            str(BENCHMARKS / "notify.py"),
            "--rate",
            str(rate),
            "--seconds",
            str(seconds),
            "--json",
        ],
        {**env, "HALTE_BENCH_WORKER_LOG": str(OUT / "notify-workers.log")},
        out,
    )
    if profile is not None:
        worker = None
        while worker is None and process.poll() is None:
            time.sleep(0.5)
            worker = next((pid for pid in descendants(process.pid) if _is_worker(pid)), None)
        if worker is not None:
            time.sleep(4)  # past the worker's start-up (imports), as notify.py waits too
            subprocess.run(  # noqa: S603 - our own tool
                [
                    str(Path(PY).parent / "py-spy"),
                    "record",
                    "--pid",
                    str(worker),
                    "--duration",
                    str(seconds + 15),
                    "--rate",
                    "200",
                    "--nonblocking",
                    "--output",
                    str(profile),
                ],
                capture_output=True,
                check=False,
            )
    process.wait()
    stack.stop_process(process)
    text = out.read_text(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"benchmarks/notify.py failed:\n{text[-2000:]}")
    line = next(x for x in reversed(text.splitlines()) if x.startswith("{"))
    figures = dict(json.loads(line))
    if profile is not None and profile.exists():
        figures["profile"] = str(profile.relative_to(ROOT))
        figures["profile_top"] = profile_summary(profile)
    return figures


def discard_waiting_tasks() -> int:
    """The HTTP loads queued background tasks (no worker ran beside them); the stream's
    latency is its own only when its workers do not first work through that backlog."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.ready().delete()
    return deleted


def _is_worker(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return b"db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False


def profile_summary(svg: Path, top: int = 8) -> list[str]:
    """Halte's own functions with the largest share of the samples (inclusive), from the
    frame titles py-spy writes into its flame graph; imports and middleware left out."""
    if not svg.exists():
        return []
    shares: dict[str, float] = {}
    for match in re.finditer(
        r"<title>([^<]*) \(([^<]*?):\d+\) \([\d,]+ samples?, ([\d.]+)%\)</title>",
        svg.read_text(errors="replace"),
    ):
        function, path, share = match.groups()
        ours = re.search(r"(?:^|/)halte/(.+)$", path)
        function = html.unescape(function)
        # Wrappers every request passes through say nothing about where the time goes.
        wrapper = function.endswith(("Middleware.__call__", ">.<genexpr>", "<module>"))
        if not ours or wrapper or path.endswith("__main__.py"):
            continue
        name = f"{ours.group(1)}:{function}"
        shares[name] = max(shares.get(name, 0.0), float(share))
    ranked = sorted(shares.items(), key=lambda item: -item[1])[:top]
    return [f"{share:5.1f}% {name}" for name, share in ranked]


@contextlib.contextmanager
def phase(result: dict[str, Any], name: str) -> Iterator[None]:
    """One load that fails is reported as failed; the other loads' figures still count."""
    try:
        yield
    except (Exception, SystemExit) as error:
        message = str(error) or type(error).__name__
        result.setdefault("failures", {})[name] = message[-2000:]
        print(f"  {name} failed: {message[-600:]}", flush=True)


# --- Report -------------------------------------------------------------------------------------


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(path, figure, p50, p99, ratio, target and verdict) per measured path."""
    rows = []
    loads = result["loads"]
    floor = loads.get("static", {}).get("rps") or 0.0

    def ratio(rps: float) -> str:
        return f"{rps / floor:.3f}" if floor else "-"

    def ms(value: float) -> str:
        return f"{value:.1f} ms"

    if "static" in loads:
        s = loads["static"]
        rows.append(
            (
                "floor A: static file",
                f"{s['rps']:,.0f} req/s",
                ms(s["p50_ms"]),
                ms(s["p99_ms"]),
                "1",
                "(floor)",
            )
        )
    if "cached" in loads:
        c = loads["cached"]
        ok = (
            c["rps"] >= TARGETS["tracking_cached_rps"]
            and c["p99_ms"] < TARGETS["tracking_cached_p99_ms"]
            and bool(floor)
            and c["rps"] / floor >= TARGETS["tracking_cached_ratio"]
        )
        rows.append(
            (
                "tracking page, cached",
                f"{c['rps']:,.0f} pages/s",
                ms(c["p50_ms"]),
                ms(c["p99_ms"]),
                ratio(c["rps"]),
                f">=1,500/s, p99<20 ms, >=0.4: {_met(ok)}",
            )
        )
    if "uncached" in loads:
        u = loads["uncached"]
        ok = u["rps"] >= TARGETS["tracking_uncached_rps"]
        rows.append(
            (
                "tracking page, uncached",
                f"{u['rps']:,.0f} pages/s",
                ms(u["p50_ms"]),
                ms(u["p99_ms"]),
                ratio(u["rps"]),
                f">=500/s: {_met(ok)}",
            )
        )
    if "pushes" in loads:
        p = loads["pushes"]
        ok = p["rps"] >= TARGETS["pushes_rps"] and p["p99_ms"] < TARGETS["pushes_p99_ms"]
        rows.append(
            (
                "carrier pushes (PostNL)",
                f"{p['rps']:,.0f} pushes/s",
                ms(p["p50_ms"]),
                ms(p["p99_ms"]),
                ratio(p["rps"]),
                f">=1,000/s, p99<30 ms: {_met(ok)}",
            )
        )
        lag = p["extra"]
        if lag.get("lag_p99_s") is not None:
            ok = lag["lag_p99_s"] < TARGETS["pushes_lag_p99_s"] and lag["all_stored"]
            rows.append(
                (
                    "  push accepted -> stored",
                    f"{lag['probes']} probes",
                    ms(lag["lag_p50_s"] * 1000),
                    ms(lag["lag_p99_s"] * 1000),
                    "-",
                    f"<1 s, all stored: {_met(ok)}",
                )
            )
    if "ingest" in result:
        i = result["ingest"]
        ok = (
            i["events_per_s"] >= TARGETS["ingest_events_per_s"]
            and i["ratio_to_copy"] >= TARGETS["ingest_ratio"]
        )
        rows.append(
            (
                "batch API (1,000/request)",
                f"{i['events_per_s']:,.0f} events/s",
                ms(i["batch_p50_ms"]),
                ms(i["batch_p99_ms"]),
                f"{i['ratio_to_copy']:.3f}",
                f">=30,000/s, >=0.25: {_met(ok)}",
            )
        )
        rows.append(
            (
                "floor B: raw COPY",
                f"{i['copy_events_per_s']:,.0f} events/s",
                "-",
                "-",
                "1",
                "(floor)",
            )
        )
    if "notify" in result:
        n = result["notify"]
        ok = (
            n.get("p99_ms") is not None
            and n["p99_ms"] < TARGETS["notify_p99_ms"]
            and n["rate"] >= 0.95 * TARGETS["notify_rate"]
            and n["queued"] == n["expected"]
        )
        rows.append(
            (
                "event -> proactive message",
                f"{n['rate']:,.0f} events/s",
                ms(n["p50_ms"]) if "p50_ms" in n else "-",
                ms(n["p99_ms"]) if "p99_ms" in n else "-",
                "-",
                f"p99<250 ms at 2,000/s: {_met(ok)}",
            )
        )
    return rows


def print_report(result: dict[str, Any]) -> None:
    day = result["day"]
    partitioning = (
        f"partitioned, {day['partitions']} partitions" if day["partitioned"] else "not partitioned"
    )
    print(
        f"\nHalte at scale, {result['started']} (machine shared: figures are noisy; "
        f"ratios are to floors of this run)\n"
        f"  {day['history']:,} shipments with {day['events']:,} events "
        f"(+{day['push_count'] + day['probe_count'] + day['ingest_parcels']:,} announced for "
        f"pushes and the batch API), {day['promises']:,} promises; generated in "
        f"{day['seconds']:.0f} s (COPY {day['copy_seconds']:.0f} s); events table "
        f"{partitioning}"
        f"\n  server: {result['server']}; cache: {result['cache']}; pushes "
        f"{'drained by drain_pushes' if result['drainer'] else 'stored while the push waits'}"
    )
    rows = [("path", "figure", "p50", "p99", "÷ floor", "target"), *report_rows(result)]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for n, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) if i == 0 else row[i].rjust(widths[i]) for i in range(5)]
        print("  " + "  ".join(cells) + "  " + row[5])
        if n == 0:
            print("  " + "-" * (sum(widths) + 10 + len(row[5])))
    for load in result["loads"].values():
        if load["errors"]:
            print(f"  ! {load['name']}: {load['errors']} of {load['requests']} requests failed")
        if load["wrapped"] and load["name"] not in ("static", "cached"):
            print(f"  ! {load['name']}: the pre-built requests ran out and were sent again")
        if load["profile"]:
            print(f"  profile of one worker during {load['name']}: {load['profile']}")
            for line in load["extra"].get("profile_top", []):
                print(f"      {line}")
    if notified := result.get("notify"):
        print(
            f"  proactive messages: {notified['queued']} of {notified['expected']} queued "
            f"({notified.get('discarded_tasks', 0):,} tasks left by the HTTP loads discarded "
            "first); "
            f"task wait p50 {notified.get('task_wait_p50_ms', 0):.0f} ms, "
            f"run p50 {notified.get('task_run_p50_ms', 0):.0f} ms"
        )
        if notified.get("profile"):
            print(f"  profile of one task worker during the stream: {notified['profile']}")
            for line in notified.get("profile_top", []):
                print(f"      {line}")
    if headers := result.get("tracking_headers"):
        print(
            f"  tracking page headers: Set-Cookie {'yes' if headers['set_cookie'] else 'no'}, "
            f"Cache-Control '{headers['cache_control']}', ETag {'yes' if headers['etag'] else 'no'}"
        )
    for name, message in result.get("failures", {}).items():
        print(f"  ! {name} FAILED: {message.splitlines()[0] if message else ''}")
    print(f"  total run {result['total_seconds']:.0f} s; JSON in {result['json']}")


# --- The run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shipments", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 shipments, 8 s per load")
    parser.add_argument("--seconds", type=int, default=15, help="per wrk load")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn worker processes",
    )
    parser.add_argument(
        "--redis", action="store_true", help="a private redis-server as the shared cache"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy one worker during the tracking and push loads",
    )
    parser.add_argument(
        "--phases", default=",".join(PHASES), help="comma-separated subset of " + ",".join(PHASES)
    )
    parser.add_argument("--ingest-events", type=int, default=200_000)
    parser.add_argument("--ingest-clients", type=int, default=2)
    parser.add_argument("--notify-rate", type=int, default=2000)
    parser.add_argument("--notify-seconds", type=int, default=20)
    parser.add_argument("--web-port", type=int, default=18441)
    parser.add_argument("--pg-port", type=int, default=18442)
    parser.add_argument("--redis-port", type=int, default=18443)
    args = parser.parse_args()
    if args.quick:
        args.shipments = min(args.shipments, 50_000)
        args.seconds = min(args.seconds, 8)
        args.ingest_events = min(args.ingest_events, 50_000)
        args.notify_seconds = min(args.notify_seconds, 10)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if unknown := set(phases) - set(PHASES):
        raise SystemExit(f"Unknown phase(s) {', '.join(sorted(unknown))}; known: {PHASES}")

    run_started = time.perf_counter()
    started = datetime.now(UTC).astimezone()
    OUT.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    ports = [("web server", args.web_port), ("PostgreSQL", args.pg_port)]
    if args.redis:
        ports.append(("Redis", args.redis_port))
    for what, port in ports:
        if port >= 32768:
            raise SystemExit(f"Port {port} ({what}) lies in the ephemeral range; pick one below.")
        if port_taken(port):
            raise SystemExit(
                f"Port {port} on {HOST} ({what}) is taken; stop its owner or pick "
                f"another (--web-port, --pg-port, --redis-port)."
                + (
                    f" A PostgreSQL left by a killed run stops with: HALTE_PG_PORT={port} "
                    f"scripts/pg.sh stop"
                    if what == "PostgreSQL"
                    else ""
                )
            )

    # Ctrl+C and a polite kill both end in the clean-up below, even when started from a
    # script that ignores SIGINT for its background jobs.
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    stack = Stack()
    result: dict[str, Any] = {"started": started.isoformat(timespec="seconds"), "loads": {}}
    try:
        print(f"PostgreSQL on {HOST}:{args.pg_port} (durable defaults) ...", flush=True)
        dsn = start_postgres(stack, args.pg_port)
        cache = os.environ.get("HALTE_CACHE_URL", "")
        if args.redis and not cache:
            cache = start_redis(stack, args.redis_port)
        env = production_env(dsn, args.web_port, cache, args.workers)
        os.environ.update(env)
        result["cache"] = cache or "database table"

        import django

        django.setup()
        from django.core.management import call_command, get_commands

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        drainer = "drain_pushes" in get_commands()
        result["drainer"] = drainer

        seconds = args.seconds
        reserve = {
            "push": seconds * 4000,
            "probe": seconds * 5 + 20,
            "ingest": args.ingest_events // 5,
        }
        print(f"Generating {args.shipments:,} shipments with COPY ...", flush=True)
        day = generate(dsn, args.shipments, reserve)
        result["day"] = asdict(day) | {"api_key": "(secret)"}
        print(
            f"  {day.events:,} events, {day.promises:,} promises in {day.seconds:.0f} s"
            f" (COPY {day.copy_seconds:.0f} s, VACUUM ANALYZE the rest)",
            flush=True,
        )

        requests_dir = OUT / "requests"
        requests_dir.mkdir(exist_ok=True)
        rng = random.Random(29)
        picked = rng.sample(range(1, day.history + 1), min(day.history, 100 + 3000 * seconds + 1))
        cached_ids, check_id, distinct_ids = picked[:100], picked[100], picked[101:]
        static_file = _static_file()
        write_lines(requests_dir / "static.txt", [static_file])
        write_lines(requests_dir / "cached.txt", tracking_paths(cached_ids))
        write_lines(requests_dir / "uncached.txt", tracking_paths(distinct_ids))
        at = datetime.now(UTC) - timedelta(hours=3)
        write_lines(
            requests_dir / "pushes.txt",
            [
                push_line(*push_request(f"3SHLT{sid:011d}", at))
                for sid in range(day.push_first, day.push_first + day.push_count)
            ],
        )

        server_log = OUT / "server.log"
        server_log.write_text("")
        serve_sh = ROOT / "scripts" / "serve.sh"
        if serve_sh.exists():
            command = [str(serve_sh)]
            result["server"] = f"scripts/serve.sh, HALTE_WEB_WORKERS={args.workers}"
        else:
            command = [
                str(Path(PY).parent / "gunicorn"),
                "halte.wsgi:application",
                "--bind",
                f"{HOST}:{args.web_port}",
                "--workers",
                str(args.workers),
                "--backlog",
                "2048",
                "--error-logfile",
                "-",
            ]
            result["server"] = f"gunicorn, {args.workers} sync workers"
        server_env = {
            **env,
            "HOST": HOST,
            "PORT": str(args.web_port),
            "HALTE_WEB_WORKERS": str(args.workers),
            # Migrated above; serve.sh still makes the cache table and collects static files.
            "HALTE_SKIP_MIGRATE": "1",
        }
        server = stack.start("web server", command, server_env, server_log)
        # serve.sh starts Django twice before gunicorn; on a busy machine that takes a while.
        wait_for_port(args.web_port, 300, server, server_log)
        if drainer:
            drainer_log = OUT / "drainer.log"
            drain = stack.start(
                "push drainer", [PY, "-m", "halte", "drain_pushes"], env, drainer_log
            )
            time.sleep(2)
            if drain.poll() is not None:
                tail = drainer_log.read_text(errors="replace").splitlines()[-20:]
                raise SystemExit("drain_pushes stopped right after starting:\n" + "\n".join(tail))
        print(f"Server on {HOST}:{args.web_port}: {result['server']}", flush=True)

        status, headers, _page = get(args.web_port, tracking_paths([check_id])[0])
        if status != 200:
            raise SystemExit(f"The tracking page answered {status}; see {server_log}")
        result["tracking_headers"] = {
            "set_cookie": "Set-Cookie" in headers,
            "cache_control": headers.get("Cache-Control", ""),
            "etag": bool(headers.get("ETag")),
        }
        for warm in tracking_paths(cached_ids):  # the cached load's pages, visited once
            get(args.web_port, warm)

        def profile_of(name: str) -> tuple[int, Path] | None:
            if not args.profile:
                return None
            workers = web_workers(server)
            if not workers:
                print("  no gunicorn worker found to profile")
                return None
            stamp = started.strftime("%Y%m%d-%H%M")
            return workers[0], OUT / f"scale-{stamp}-{name}.svg"

        for name, lines, method in [
            ("static", requests_dir / "static.txt", "GET"),
            ("cached", requests_dir / "cached.txt", "GET"),
            ("uncached", requests_dir / "uncached.txt", "GET"),
        ]:
            if name not in phases:
                continue
            print(f"Load: {name} ({seconds} s) ...", flush=True)
            with phase(result, name):
                profile = profile_of(name) if name in ("cached", "uncached") else None
                load = drive(wrk, name, args.web_port, lines, seconds, method, profile)
                result["loads"][name] = asdict(load)

        if "pushes" in phases:
            print(f"Load: pushes ({seconds} s) ...", flush=True)
            with phase(result, "pushes"):
                with LagProbe(args.web_port, dsn, day) as probe:
                    load = drive(
                        wrk,
                        "pushes",
                        args.web_port,
                        requests_dir / "pushes.txt",
                        seconds,
                        "POST",
                        profile_of("pushes"),
                    )
                accepted = load.requests - load.errors
                expected = 5 * min(accepted, day.push_count)
                waited_from = time.time()
                stored = stored_push_events(dsn, day)
                while stored < expected and time.time() - waited_from < 60:
                    time.sleep(0.1)
                    stored = stored_push_events(dsn, day)
                probe.finish(10)
                lags = probe.lags()
                load.extra |= {
                    "expected_events": expected,
                    "stored_events": stored,
                    "all_stored": stored >= expected,
                    "backlog_drained_after_s": time.time() - waited_from,
                    "probes": len(probe.accepted),
                    "probes_refused": probe.refused,
                    "probes_stored": len(lags),
                    "lag_p50_s": percentile(lags, 50) if lags else None,
                    "lag_p99_s": percentile(lags, 99) if lags else None,
                    "lag_max_s": max(lags) if lags else None,
                }
                result["loads"]["pushes"] = asdict(load)

        if "ingest" in phases:
            print(f"Batch API: {args.ingest_events:,} events through the server ...", flush=True)
            with phase(result, "ingest"):
                result["ingest"] = ingest_through_server(
                    args.web_port, day, args.ingest_events, args.ingest_clients
                )
        stack.stop_process(server)  # the notify stream runs in its own process, as before
        if "notify" in phases:
            print(f"Event -> message at {args.notify_rate:,} events/s ...", flush=True)
            stamp = started.strftime("%Y%m%d-%H%M")
            with phase(result, "notify"):
                discarded = discard_waiting_tasks()
                result["notify"] = notify(
                    stack,
                    env,
                    args.notify_rate,
                    args.notify_seconds,
                    OUT / f"scale-{stamp}-notify-worker.svg" if args.profile else None,
                )
                result["notify"]["discarded_tasks"] = discarded
    finally:
        stack.stop()
        # Signed links and pushes for a database that no longer exists.
        shutil.rmtree(OUT / "requests", ignore_errors=True)
    result["total_seconds"] = time.perf_counter() - run_started
    path = OUT / f"scale-{started.strftime('%Y%m%d-%H%M%S')}.json"
    result["json"] = str(path.relative_to(ROOT))
    result["targets"] = TARGETS
    result["table"] = [list(r) for r in report_rows(result)]
    path.write_text(json.dumps(result, indent=2, default=str))
    print_report(result)


def _static_file() -> str:
    """A real collected file, the public pages' stylesheet, by its hashed production name."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return str(staticfiles_storage.url("halte/halte.css"))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\nInterrupted; everything the run started has been stopped.", file=sys.stderr)
        sys.exit(130)
