"""Webhooks out: telling a webshop's or carrier's system what changed, through the outbox."""

from typing import Any

from halte.organisations.models import Organisation
from halte.outbox import actions as outbox
from halte.outbox.models import Dispatch


def queue_webhook(
    organisation: Organisation, event: str, payload: dict[str, Any]
) -> Dispatch | None:
    """Record the webhook now, posted after commit; None when the organisation set no URL.

    A caller that tells a customer "we passed it on" must check for None: then nothing will
    be passed on by itself and a person has to.
    """
    return outbox.queue_webhook(organisation, event, payload)
