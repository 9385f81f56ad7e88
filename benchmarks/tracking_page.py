"""The tracking page under load: gunicorn with production settings on PostgreSQL, driven by wrk.

Run with `make bench-tracking` (a private PostgreSQL on loopback), or by hand with DATABASE_URL.
It creates --parcels parcels of one shop with five scans each, then measures, in one run and
with the same server, workers and connections:

- a static file (the floor: the most the server stack can answer),
- the plain tracking page of one parcel, stored in the shared cache (a hit, after one miss),
- the tracking page of every parcel at random, rendered from the database: each link with
  `?lang=nl` (same page, but a request with a query string is never answered from nor stored
  in the page cache), so every view goes the full way,

in --rounds rounds, one after the other on one server, and prints per round and as the median
of the rounds requests/s, p50 and p99 and each figure's ratio to the floor of its round. The
machine may be shared: compare the ratios, not the absolute figures, between runs.
"""

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
VENV_BIN = Path(sys.executable).parent
WORK = Path(tempfile.mkdtemp(prefix="halte-bench-tracking-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "halte.settings.production",
        "HALTE_SECRET_KEY": os.environ.get("HALTE_SECRET_KEY") or secrets.token_urlsafe(50),
        "HALTE_ANYMAIL_WEBHOOK_SECRET": "bench:" + secrets.token_urlsafe(20),
        "HALTE_SSL_REDIRECT": "false",
        "HALTE_SECURE_COOKIES": "false",
        "HALTE_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HALTE_STATIC_ROOT": str(WORK / "static"),
        "HALTE_VAR_DIR": str(WORK),
        "HALTE_LOG_LEVEL": "ERROR",
    }
)

RANDOM_LINK_SCRIPT = """
local tokens = {}
for line in io.lines(os.getenv("HALTE_TOKENS")) do tokens[#tokens + 1] = line end
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  return wrk.format("GET", "/track/s/" .. tokens[math.random(#tokens)] .. "/?lang=nl")
end
"""


@dataclass(frozen=True)
class Figure:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str


def _create_parcels(count: int) -> list[str]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from halte.organisations.models import Organisation
    from halte.shipments.models import Order, Shipment, TrackingEvent
    from halte.tracking.links import tracking_token

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    org = Organisation.objects.create(
        name="Tuinlicht BV", slug=f"bench-{time.time_ns()}", brand_colour="#e8a317"
    )
    now = timezone.now()
    shipments = []
    for start in range(0, count, 2000):
        batch = range(start, min(count, start + 2000))
        orders = Order.objects.bulk_create(
            Order(organisation=org, reference=f"BENCH-{n}", placed_at=now) for n in batch
        )
        created = Shipment.objects.bulk_create(
            Shipment(
                organisation=org,
                order=order,
                carrier="postnl",
                tracking_code=f"3SBENCH{n:09d}",
                recipient_name="Lotte de Vries",
                postcode="3731HK",
                house_number=12,
                street="Lindelaan",
                city="De Bilt",
                country="NL",
                status="delivered",
                status_at=now,
                delivered_at=now,
                delivery_place="safe_place",
                delivery_place_detail="in de tuin",
            )
            for n, order in zip(batch, orders, strict=True)
        )
        scans = [
            ("announced", "A01"),
            ("received_by_carrier", "B01"),
            ("at_depot", "J05"),
            ("out_for_delivery", "J01"),
            ("delivered", "I01"),
        ]
        TrackingEvent.objects.bulk_create(
            TrackingEvent(
                organisation=org,
                shipment=shipment,
                carrier="postnl",
                tracking_code=shipment.tracking_code,
                event_key=f"{shipment.tracking_code}-{i}",
                raw_code=code,
                status=status,
                location="Utrecht",
                occurred_at=now - timedelta(hours=5 - i),
            )
            for shipment in created
            for i, (status, code) in enumerate(scans)
        )
        shipments.extend(created)
    return [tracking_token(s) for s in shipments]


def _static_path() -> str:
    from django.templatetags.static import static

    return static("halte/halte.css")


class Server:
    def __init__(self, port: int, workers: int, extra_env: dict[str, str]) -> None:
        self.port, self.workers, self.env = port, workers, {**os.environ, **extra_env}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [
                str(VENV_BIN / "gunicorn"),
                "halte.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                "--worker-class=sync",
                "--access-logfile=/dev/null",
                "--error-logfile=" + str(WORK / "gunicorn.log"),
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/track/", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s; see " + str(WORK / "gunicorn.log"))

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def get(self, path: str) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as answer:
            return int(answer.status)


def _wrk(name: str, url: str, args: argparse.Namespace, env: dict[str, str]) -> Figure:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
    if "HALTE_TOKENS" in env:
        script = WORK / "random_token.lua"
        script.write_text(RANDOM_LINK_SCRIPT)
        command += ["-s", str(script)]
    output = subprocess.run(  # noqa: S603 - wrk on our own server
        [*command, url], capture_output=True, text=True, check=True, env={**os.environ, **env}
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\b", output, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    problems = ", ".join(
        text
        for text in (
            f"{errors.group(1)} non-2xx" if errors else "",
            socket_errors.group(1) if socket_errors else "",
        )
        if text
    )
    return Figure(name, rate, percentile("50"), percentile("99"), problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("HALTE_WEB_WORKERS", 4)))
    parser.add_argument("--port", type=int, default=18411)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (or use make bench-tracking).")

    tokens = _create_parcels(args.parcels)
    tokens_file = WORK / "tokens.txt"
    tokens_file.write_text("\n".join(tokens) + "\n")
    base = f"http://127.0.0.1:{args.port}"
    one = f"/track/s/{tokens[0]}/"
    rounds: list[list[Figure]] = []
    with Server(args.port, args.workers, {}) as server:
        assert server.get(one) == 200  # the miss that stores it
        for _ in range(args.rounds):
            rounds.append(
                [
                    _wrk("static file (floor)", base + _static_path(), args, {}),
                    _wrk("tracking page, stored (one parcel)", base + one, args, {}),
                    _wrk(
                        f"tracking page, rendered ({args.parcels:,} parcels)",
                        base + "/",
                        args,
                        {"HALTE_TOKENS": str(tokens_file)},
                    ),
                ]
            )

    cache = os.environ.get("HALTE_CACHE_URL", "") or "database table (default)"
    print(
        f"gunicorn {args.workers} sync workers, wrk -t2 -c{args.connections} -d{args.seconds}s, "
        f"PostgreSQL, shared cache: {cache}, {args.rounds} rounds"
    )
    print(f"{'path':<42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'÷ floor':>8}  errors")
    for number, figures in enumerate(rounds, 1):
        print(f"round {number}")
        floor = figures[0].requests_per_second
        for figure in figures:
            _print(figure, figure.requests_per_second / floor)
    print("median of the rounds")
    for index, name in enumerate(f.name for f in rounds[0]):
        of_path = [figures[index] for figures in rounds]
        _print(
            Figure(
                name,
                statistics.median(f.requests_per_second for f in of_path),
                statistics.median(f.p50_ms for f in of_path),
                statistics.median(f.p99_ms for f in of_path),
                ", ".join(f.errors for f in of_path if f.errors),
            ),
            statistics.median(
                figures[index].requests_per_second / figures[0].requests_per_second
                for figures in rounds
            ),
        )


def _print(figure: Figure, ratio: float) -> None:
    print(
        f"{figure.name:<42} {figure.requests_per_second:>9,.0f} {figure.p50_ms:>8.2f} "
        f"{figure.p99_ms:>8.2f} {ratio:>8.3f}  {figure.errors or '-'}"
    )


if __name__ == "__main__":
    main()
