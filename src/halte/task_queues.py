"""Background tasks in Redis (RQ), where a task's priority decides which queue it waits in.

RQ knows no priorities, only queues a worker reads in the order it was given them
(`python -m halte rqworker priority default`). django-tasks-rq puts only the highest priority
at the front of its queue and treats every other one alike, which would make a promise
judgement (priority 50) wait behind a backlog of effort questions. Here every task above the
default priority goes to the queue "priority" instead, in the order it was enqueued, so the
workers take those first and the rest in turn.
"""

from typing import Any, TypeVar

from django_tasks.base import DEFAULT_TASK_PRIORITY, Task, TaskResult
from django_tasks_rq import RQBackend

PRIORITY_QUEUE = "priority"
T = TypeVar("T")


class PrioritisedRQBackend(RQBackend):
    supports_priority = True

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: dict[str, Any]) -> TaskResult[T]:
        if task.priority > DEFAULT_TASK_PRIORITY and task.run_after is None:
            task = task.using(queue_name=PRIORITY_QUEUE)
        result: TaskResult[T] = super().enqueue(task, args, kwargs)
        return result
