"""The container definition and compose file of docs/deploy.md parse and describe every part."""

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return parsed


def test_compose_runs_every_part_of_a_multi_machine_deployment() -> None:
    services = _compose()["services"]
    assert {
        "postgres",
        "postgres-replica",
        "redis",
        "web-1",
        "web-2",
        "worker-1",
        "worker-2",
        "push-drainer",
        "mail-receiver",
        "outbox-sweeper",
        "promise-watcher",
        "carrier-poller",
    } <= set(services)
    commands = {name: " ".join(service.get("command", [])) for name, service in services.items()}
    assert commands["push-drainer"] == "python -m halte drain_pushes"
    assert commands["outbox-sweeper"] == "python -m halte send_outbox --every 15"
    assert commands["promise-watcher"].startswith("python -m halte watch_promises")
    assert commands["carrier-poller"].startswith("python -m halte poll_carriers")
    assert "receive_mail --lmtp" in commands["mail-receiver"]
    # Workers read the priority queue first (halte.task_queues).
    assert (
        commands["worker-1"] == commands["worker-2"] == "python -m halte rqworker priority default"
    )
    assert "pg_basebackup" in services["postgres-replica"]["command"]


def test_every_halte_container_shares_cache_tasks_replica_and_media() -> None:
    services = _compose()["services"]
    halte = [name for name, service in services.items() if service.get("image") == "halte:latest"]
    assert len(halte) == 9
    for name in halte:
        environment = services[name]["environment"]
        assert environment["HALTE_CACHE_URL"].startswith("redis://"), name
        assert environment["HALTE_TASKS_BACKEND"] == "rq", name
        assert environment["HALTE_REPLICA_URL"].startswith("postgres://"), name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert "media:/var/lib/halte" in services[name]["volumes"], name
    # Only one web container migrates.
    assert services["web-2"]["environment"]["HALTE_SKIP_MIGRATE"] == "1"
    assert "HALTE_SKIP_MIGRATE" not in services["web-1"]["environment"]


def test_the_image_runs_as_a_plain_user_with_pinned_dependencies() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "pip install -c constraints.txt ." in dockerfile
    assert "\nUSER halte\n" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["scripts/serve.sh"]')
