"""Background tasks in a real Redis, worked by real `rqworker` processes (HALTE_TASKS_BACKEND=rq).

Everything runs in processes of its own over one SQLite file, as on a deployment where the web
server enqueues and workers on other hosts take the jobs.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import redis

ROOT = Path(__file__).resolve().parents[1]

# A mail queued in the outbox (its sending task follows on commit) and a promise judgement
# (priority 50), in that order; prints the ids of the tasks that were enqueued.
ENQUEUE = """
import json
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks.signals import task_enqueued
from halte.organisations.models import Organisation
from halte.outbox.actions import queue_email
from halte.promises.tasks import evaluate_promises

enqueued = {}
def remember(sender, task_result, **kwargs):
    enqueued[task_result.task.name] = task_result.id
task_enqueued.connect(remember)

organisation = Organisation.objects.create(name="Shop", slug="shop")
with transaction.atomic():
    dispatch = queue_email(organisation, EmailMessage("Je pakket", "Morgen.", to=["a@example.nl"]))
evaluate_promises.enqueue([])
print(json.dumps({"dispatch": dispatch.pk, "tasks": enqueued}))
"""

# What the workers left: the dispatch's state, and each task's status, return value and start.
RESULTS = """
import json
from halte.outbox.models import Dispatch
from halte.outbox.tasks import send_dispatch
given = json.loads(GIVEN)
backend = send_dispatch.get_backend()
results = {}
for name, result_id in given["tasks"].items():
    result = backend.get_result(result_id)
    results[name] = {
        "status": str(result.status),
        "value": result.return_value if result.is_finished else None,
        "started_at": result.started_at.isoformat(),
        "workers": result.worker_ids,
    }
dispatch = Dispatch.objects.get(pk=given["dispatch"])
print(json.dumps({"dispatch": str(dispatch.state), "tasks": results}))
"""


def _halte(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "halte", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout
    return completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""


@pytest.fixture
def rq_env(tmp_path: Path, redis_url: str) -> dict[str, str]:
    tasks_redis = redis_url.rsplit("/", 1)[0] + "/3"
    redis.Redis.from_url(tasks_redis).flushdb()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HALTE_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "halte.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'halte.sqlite3'}",
            "HALTE_VAR_DIR": str(tmp_path),
            "HALTE_TASKS_BACKEND": "rq",
            "HALTE_TASKS_REDIS_URL": tasks_redis,
            "HALTE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "HALTE_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        }
    )
    _halte(env, "migrate", "-v0")
    return env


def test_tasks_wait_in_redis_and_a_worker_runs_them_priority_first(
    rq_env: dict[str, str], tmp_path: Path
) -> None:
    given: dict[str, Any] = json.loads(_halte(rq_env, "shell", "-v0", "-c", ENQUEUE))
    assert set(given["tasks"]) == {"send_dispatch", "evaluate_promises"}

    # Nothing ran yet: the jobs wait in Redis, the promise judgement in the queue read first.
    queues = redis.Redis.from_url(rq_env["HALTE_TASKS_REDIS_URL"])
    assert queues.lrange("rq:queue:default", 0, -1) == [given["tasks"]["send_dispatch"].encode()]
    assert queues.lrange("rq:queue:priority", 0, -1) == [
        given["tasks"]["evaluate_promises"].encode()
    ]
    assert not (tmp_path / "mail").exists()

    _halte(rq_env, "rqworker", "priority", "default", "--burst")

    read_back = f"GIVEN = {json.dumps(given)!r}\n{RESULTS}"
    done = json.loads(_halte(rq_env, "shell", "-v0", "-c", read_back))
    sent, judged = done["tasks"]["send_dispatch"], done["tasks"]["evaluate_promises"]
    assert sent["status"] == judged["status"] == "SUCCESSFUL"
    assert sent["value"] == "sent"
    assert judged["value"] == 0
    assert done["dispatch"] == "sent"
    assert "".join(p.read_text() for p in (tmp_path / "mail").iterdir()).count("Subject:") == 1
    # Enqueued last, run first.
    assert judged["started_at"] < sent["started_at"]
    assert queues.llen("rq:queue:default") == queues.llen("rq:queue:priority") == 0


def test_workers_on_several_processes_share_the_queue_and_run_each_task_once(
    rq_env: dict[str, str], tmp_path: Path
) -> None:
    many = ENQUEUE.replace(
        "with transaction.atomic():",
        "for n in range(12):\n  with transaction.atomic():",
    ).replace("    dispatch = queue_email", "      dispatch = queue_email")
    _halte(rq_env, "shell", "-v0", "-c", many)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "halte", "rqworker", "priority", "default", "--burst"],
            env=rq_env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors

    count = _halte(
        rq_env,
        "shell",
        "-v0",
        "-c",
        "from halte.outbox.models import Dispatch; "
        "print(Dispatch.objects.filter(state='sent').count(), Dispatch.objects.count())",
    )
    assert count == "12 12"
    # Sent exactly once each: the file backend may append several messages to one file.
    written = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert written.count("Subject: Je pakket") == 12
