"""Carrier webhooks: each carrier pushes its own format, proven by its own scheme."""

import logging

from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Field, P, PathEx, Router, Schema, Status

from halte.api_common import ItemError, RequestErrorOut
from halte.carriers.adapters import adapter_for
from halte.carriers.feed import MalformedPayload, WebhookAuth
from halte.error_codes import FieldErrorCode
from halte.feeds.actions import do_accept_push
from halte.feeds.error_codes import FeedErrorCode
from halte.feeds.queries import account_for_push
from halte.feeds.transport import read_push
from halte.shipments.inputs import MAX_EVENTS_PER_BATCH
from halte.vocabulary.carriers import CARRIERS

router = Router(tags=["carriers"])
logger = logging.getLogger("halte.carriers")


class FeedErrorOut(Schema):
    """The push as a whole was refused; nothing was stored."""

    detail: str = Field(
        description="What is wrong, in English.",
        examples=["Unknown carrier 'fedex'; known: postnl, dhl, dpd, gls, bpost."],
    )
    code: FeedErrorCode = Field(examples=[FeedErrorCode.UNKNOWN_CARRIER])


class PushOut(Schema):
    """What Halte accepted of a push; the drainer stores it, normally within a second."""

    received: int = Field(description="Events in the push, readable or not.", examples=[5])
    accepted: int = Field(
        description="Readable events kept for storing: the drainer folds them into the "
        "shipments (a duplicate stored once), normally within a second.",
        examples=[5],
    )
    errors: list[ItemError] = Field(description="Events refused, by index; never stored.")


def _push_of(request: HttpRequest, auth: WebhookAuth) -> tuple[bytes, str, dict[str, str]]:
    """Body, content type and headers of a push; a secret in the URL read as the auth header."""
    query = QueryDict(request.META.get("QUERY_STRING", ""), mutable=True)
    headers = dict(request.headers)
    if auth.query_param and (token := query.pop(auth.query_param, [""])[-1]):
        headers[auth.header] = token
    if request.method == "GET":
        return query.urlencode().encode(), "application/x-www-form-urlencoded", headers
    return request.body, request.content_type or "", headers


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "?"))


@router.api_operation(
    ["POST", "GET"],
    "/carriers/{carrier}/webhook",
    auth=None,
    response={
        200: PushOut,
        401: FeedErrorOut,
        404: FeedErrorOut,
        413: FeedErrorOut | RequestErrorOut,
        422: PushOut | FeedErrorOut | RequestErrorOut,
    },
    summary="Receive a carrier's own tracking push",
    description=(
        "The body is the carrier's own push format (see docs/carriers.md), proven by the "
        "carrier's scheme — a shared secret or an HMAC signature header — under the webhook "
        "secret of an organisation's carrier account. 401 when it proves nothing, 422 with the "
        "reason when the payload cannot be read (nothing is kept), per-event `errors` while "
        "the readable events are accepted; 413 with code `push_too_large` for more than 1,000 "
        "events in one push (nothing is kept). 200 means accepted: the events are kept "
        "durably and stored by the drainer (`drain_pushes`), normally within a second; "
        "pushing the same event twice stores it once. "
        "DPD, which cannot add headers, may send the secret as `?token=`; its GET pushes are "
        "read as their query string and it gets the XML receipt it expects."
    ),
)
def carrier_webhook(
    request: HttpRequest,
    carrier: PathEx[str, P(description="The carrier's slug.", example="postnl")],
) -> Status[PushOut | FeedErrorOut] | HttpResponse:
    adapter = adapter_for(carrier.strip().lower())
    if adapter is None:
        known = ", ".join(CARRIERS)
        return Status(
            404,
            FeedErrorOut(
                detail=f"Unknown carrier '{carrier}'; known: {known}.",
                code=FeedErrorCode.UNKNOWN_CARRIER,
            ),
        )
    body, content_type, headers = _push_of(request, adapter.WEBHOOK_AUTH)
    account = account_for_push(adapter, headers, body)
    if account is None:
        logger.warning(
            "carrier webhook refused: carrier=%s client=%s header %s did not verify",
            adapter.SLUG,
            _client(request),
            adapter.WEBHOOK_AUTH.header,
        )
        return Status(
            401,
            FeedErrorOut(
                detail=f"The push could not be verified: header {adapter.WEBHOOK_AUTH.header} "
                f"is missing or does not match a {adapter.SLUG} account's webhook secret.",
                code=FeedErrorCode.PUSH_NOT_VERIFIED,
            ),
        )
    try:
        parsed = read_push(adapter, body, content_type)
    except MalformedPayload as exc:
        logger.info("carrier webhook unreadable: carrier=%s reason=%s", adapter.SLUG, exc)
        return Status(
            422,
            FeedErrorOut(
                detail=f"Unreadable {adapter.SLUG} payload: {exc}",
                code=FeedErrorCode.UNREADABLE_PAYLOAD,
            ),
        )
    arrived = len(parsed.events) + len(parsed.problems)
    if arrived > MAX_EVENTS_PER_BATCH:
        logger.info("carrier webhook too large: carrier=%s events=%d", adapter.SLUG, arrived)
        return Status(
            413,
            FeedErrorOut(
                detail=f"A push holds at most {MAX_EVENTS_PER_BATCH} events, as a batch does; "
                f"this one has {arrived}. Nothing was stored: send them in smaller pushes.",
                code=FeedErrorCode.PUSH_TOO_LARGE,
            ),
        )
    outcome = do_accept_push(account.organisation_id, adapter.SLUG, parsed)
    # A push's events are the carrier's, not the sender's fields: each problem is the event's
    # as a whole, its message naming the field where there is one.
    errors = [
        ItemError(
            index=p.index, field="(event)", code=FieldErrorCode.INVALID_VALUE, message=p.message
        )
        for p in outcome.problems
    ]
    receipt = getattr(adapter, "acknowledgement", None)
    if receipt is not None and not errors:
        return HttpResponse(receipt(body), content_type="application/xml")
    # A push without events (a carrier's "test webhook" button) is fine; only bad events fail.
    return Status(
        422 if not outcome.accepted and errors else 200,
        PushOut(received=outcome.received, accepted=outcome.accepted, errors=errors),
    )
