"""Queueing and delivering webhooks: HMAC-signed JSON POSTs, each delivered at most once."""

import hashlib
import hmac
import json
import urllib.request
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from halte.organisations.models import Organisation
from halte.webhooks.models import WebhookDelivery

SIGNATURE_HEADER = "X-Halte-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def queue_webhook(organisation: Organisation, event: str, payload: dict[str, Any]) -> None:
    """Record the webhook now; it is posted after the surrounding transaction commits."""
    if not organisation.webhook_url:
        return
    from halte.webhooks.tasks import deliver_webhook

    delivery = WebhookDelivery.objects.create(
        organisation=organisation,
        event=event,
        payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
    )
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk))


def deliver(delivery_id: int, timeout: float = 5.0) -> bool:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=delivery_id, delivered_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        organisation = delivery.organisation
        body = json.dumps(
            {"event": delivery.event, "id": delivery.pk, "data": delivery.payload}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the organisation's configured URL
            organisation.webhook_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(organisation.webhook_secret, body),
            },
        )
        delivery.attempts += 1
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                ok = bool(200 <= response.status < 300)
                error = "" if ok else f"HTTP {response.status}"
        except OSError as problem:
            ok, error = False, f"{type(problem).__name__}: {problem}"
        delivery.last_error = error[:500]
        if ok:
            delivery.delivered_at = timezone.now()
        delivery.save(update_fields=["attempts", "last_error", "delivered_at"])
    return ok
