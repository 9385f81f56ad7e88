"""CPU time per batch of `benchmarks/ingest.py`'s stream: the client process and its PostgreSQL
backend, which a busy machine changes far less than the wall clock.

    scripts/pg.sh run .venv/bin/python benchmarks/ingest_cpu.py [INGEST_SCRIPT] [EVENTS]

INGEST_SCRIPT defaults to the `benchmarks/ingest.py` beside this file; give another checkout's
script (its `src` comes first on the path) to compare two versions in the same hour.
"""

import importlib.util
import os
import sys
import time
from pathlib import Path


def main() -> None:
    script = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("ingest.py")
    n_events = int(sys.argv[2]) if len(sys.argv) > 2 else 30_000
    spec = importlib.util.spec_from_file_location("ingest", script)
    assert spec is not None and spec.loader is not None
    ingest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ingest)
    ingest._setup()
    from django.db import connection

    key, bodies, total = ingest._prepare(n_events)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
    assert row is not None
    backend = Path(f"/proc/{row[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def backend_cpu() -> float:
        fields = backend.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    client0, backend0, wall0 = time.process_time(), backend_cpu(), time.perf_counter()
    _, _, stored = ingest._post_all(key, bodies)
    client1, backend1, wall1 = time.process_time(), backend_cpu(), time.perf_counter()
    batches = len(bodies)
    print(f"{script}: {stored:,} of {total:,} events stored in {batches} batches")
    print(
        f"  per batch: client CPU {1000 * (client1 - client0) / batches:.1f} ms, "
        f"PostgreSQL backend CPU {1000 * (backend1 - backend0) / batches:.1f} ms, "
        f"wall {1000 * (wall1 - wall0) / batches:.1f} ms"
    )
    cpu = (client1 - client0) + (backend1 - backend0)
    print(f"  {total / cpu:,.0f} events per CPU-second")


if __name__ == "__main__":
    main()
