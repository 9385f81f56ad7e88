"""Every route in the URL configuration, requested by every kind of visitor: one table decides.

The routes come from `get_resolver()`, so a new page or endpoint fails `ACCESS`'s coverage
test until someone writes down who may reach it. Organisation A owns the objects every URL
names; the other visitors hold something real but not A's: a forged link, organisation B's
signed links, a login at organisation B (and B's API token), a login without any role.
Every private value of A carries `MARKER`, so one look at the body tells whether A leaked.
"""

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from http.cookies import SimpleCookie
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from halte.cases.actions import CustomerMessage, IncomingAttachment, do_open_case
from halte.cases.links import customer_case_path
from halte.cases.models import Attachment, Case, CaseMessage, Channel
from halte.drivers.actions import do_issue_sign_in_code
from halte.drivers.models import Driver, Stop, Tap
from halte.drivers.views import SESSION_KEY as DRIVER_SESSION_KEY
from halte.effort.links import question_path
from halte.effort.models import EffortQuestion
from halte.gifts.links import photo_link, reveal_link
from halte.gifts.models import Gift, GiftNote
from halte.organisations.actions import do_issue_api_token
from halte.organisations.error_codes import AccessErrorCode
from halte.organisations.models import Membership, Organisation, Scope
from halte.outbox.models import Dispatch
from halte.promises.models import Voucher
from halte.remedies.models import CaseRequest
from halte.returns.actions import do_refuse_at_door
from halte.returns.models import Return
from halte.selfservice.links import undo_path
from halte.selfservice.models import AddressChange
from halte.shipments.models import Shipment
from halte.tracking.links import tracking_url
from halte.vocabulary.status import Status
from tests.factories import event_payload, make_organisation, make_shipment

# In every private value of organisation A: recipient, customer, subject, body, order.
MARKER = "Qvintijn7Zeldzaam"

# The smallest PNG there is: one transparent pixel, a thank-you's photo.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)

# Who asks, in the order of each row's tuples.
VISITORS = ("anonymous", "other_link", "other_org", "no_role", "owner")


@dataclass(frozen=True)
class Expect:
    """What one visitor gets from one route and method."""

    status: int
    # Further statuses that are as good (providers' webhooks differ in what a GET gets).
    alternatives: frozenset[int] = frozenset()
    # The owner: may read and change A's objects; `sees` also proves the marker is found.
    entitled: bool = False
    sees: bool = False
    # A visitor acting on their own (organisation B's) object: may write, must not see A's.
    own: bool = False
    # Not requested: the admin's own model permissions decide what a superuser gets.
    skip: bool = False


def sees(status: int) -> Expect:
    return Expect(status, entitled=True, sees=True)


def ok(status: int) -> Expect:
    return Expect(status, entitled=True)


def own(status: int) -> Expect:
    return Expect(status, own=True)


def one_of(status: int, *others: int) -> Expect:
    return Expect(status, alternatives=frozenset(others))


SKIP = Expect(0, skip=True)
Cell = int | Expect
Cells = tuple[Cell, Cell, Cell, Cell, Cell]


@dataclass(frozen=True)
class Row:
    get: Cells
    post: Cells


L = 302  # to a sign-in page (the desk's or the admin's)
W = one_of(400, 405)
FOREVER = (405, 405, 405, 405, 405)


# THE table. Key: the URL pattern's name (namespace included), or its route string when it has
# no name; the admin's per-model families use fnmatch patterns. Columns: VISITORS.
ACCESS: dict[str, Row] = {
    # Public look-up, contact form and language switch: anyone, nothing private.
    "/": Row(get=(302, 302, 302, 302, 302), post=(302, 302, 302, 302, 302)),
    "tracking:lookup": Row(get=(200, 200, 200, 200, 200), post=(200, 200, 200, 200, 200)),
    "cases:contact": Row(get=(200, 200, 200, 200, 200), post=(200, 200, 200, 200, 200)),
    "set_language": Row(get=(302, 302, 302, 302, 302), post=(302, 302, 302, 302, 302)),
    # Behind the signed tracking link: only its holder; B's link shows B's parcel.
    "tracking:shipment": Row(get=(404, own(200), own(200), 404, sees(200)), post=FOREVER),
    "selfservice:address": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(409), own(409), 404, ok(409)),
    ),
    "selfservice:not_received": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(302), own(302), 404, ok(302)),
    ),
    "selfservice:damage": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(422), own(422), 404, ok(422)),
    ),
    # A return: the parcel's own link says whether it may be returned (these have no delivery
    # time, so no return window: 409); then a code to the recipient on file.
    "selfservice:start_return": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(409), own(409), 404, ok(409)),
    ),
    # The recipient's own questions: first a code to the recipient on file, for anyone.
    "selfservice:my_cases": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(422), own(422), 404, ok(422)),
    ),
    # Closing a case from the tracking page needs the code's proof, which no visitor here has:
    # code and postcode (A's own link) close nothing either.
    "selfservice:close_case": Row(get=(405, 405, 405, 405, 405), post=(404, 404, 404, 404, 404)),
    # The one-tap undo in the letter to the recipient on file.
    "selfservice:undo_address": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(200), own(200), 404, ok(200)),
    ),
    # Behind the signed case link; B's link with A's attachment id finds nothing.
    "cases:customer_case": Row(
        get=(404, own(200), own(200), 404, sees(200)),
        post=(404, own(302), own(302), 404, ok(302)),
    ),
    "cases:attachment": Row(get=(404, 404, 404, 404, ok(200)), post=FOREVER),
    # A shop's uploaded logo is public; A has none, so there is nothing to serve to anyone.
    "brand_logo": Row(get=(404, 404, 404, 404, 404), post=FOREVER),
    # The effort question's signed link; B's link answers B's question. Opening one records
    # nothing (mail scanners open every link); the POST answers.
    "effort:question": Row(
        get=(404, own(200), own(200), 404, ok(200)),
        post=(404, own(302), own(302), 404, ok(302)),
    ),
    # A gift on A's parcel: thanked behind the signed tracking link (an empty thank-you is
    # refused, 422); B's link thanks B's gift. The sender's "show my name" link (GET asks to
    # confirm, POST shows it) and a thank-you's photo are signed links of their own.
    "gifts:thank": Row(
        get=(404, own(200), own(200), 404, sees(200)),
        post=(404, own(422), own(422), 404, ok(422)),
    ),
    "gifts:reveal": Row(
        get=(404, own(200), own(200), 404, sees(200)),
        post=(404, own(200), own(200), 404, sees(200)),
    ),
    "gifts:photo": Row(get=(404, own(200), own(200), 404, ok(200)), post=FOREVER),
    # Desk: signed in and a member of A; B's agent gets 404 for A's ids, no role 403.
    "desk:login": Row(get=(200, 200, 302, 302, 302), post=(200, 200, 302, 302, 302)),
    "desk:login_code": Row(get=(L, L, L, L, L), post=(L, L, L, L, L)),
    "desk:logout": Row(get=(405, 405, 405, 405, 405), post=(302, 302, 302, 302, 302)),
    # B's agent sets up two-step sign-in for his own account.
    "desk:two_step": Row(get=(L, L, 200, 403, ok(200)), post=(L, L, own(302), 403, ok(302))),
    "desk:queue": Row(get=(L, L, 200, 403, sees(200)), post=(L, L, 200, 403, ok(200))),
    "desk:case": Row(get=(L, L, 404, 403, sees(200)), post=(L, L, 404, 403, ok(200))),
    "desk:reply": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    "desk:note": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    "desk:state": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    "desk:handover": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    "desk:triage": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    "desk:intent": Row(get=(405, 405, 405, 405, 405), post=(L, L, 404, 403, ok(302))),
    # Team figures: supervisors and admins only (ROLES); agents, A's and B's, are refused.
    "desk:effort": Row(get=(L, L, 403, 403, 403), post=FOREVER),
    # The audit trail is for supervisors: every agent, A's own included, is refused.
    "desk:audit": Row(get=(L, L, 403, 403, 403), post=FOREVER),
    # Admins only (export and erase a person); the sweep's owner is an agent: refused.
    "desk:privacy": Row(get=(L, L, 403, 403, 403), post=(L, L, 403, 403, 403)),
    # Returns of the agent's own organisations only: B's agent sees B's (none of A's marker).
    "desk:returns": Row(get=(L, L, own(200), 403, sees(200)), post=(L, L, 405, 403, 405)),
    "desk:attachment": Row(get=(L, L, 404, 403, ok(200)), post=(L, L, 404, 403, ok(200))),
    # Acting on A's parcel: A's parcel is delivered (too late for an address) and A has no
    # webhook (nothing to send a request to), so the owner is refused with a reason; a
    # voucher on A's order goes through.
    "desk:correct_address": Row(get=FOREVER, post=(L, L, 404, 403, ok(422))),
    "desk:ask_carrier": Row(get=FOREVER, post=(L, L, 404, 403, ok(422))),
    "desk:remedy": Row(get=FOREVER, post=(L, L, 404, 403, ok(422))),
    "desk:voucher": Row(get=FOREVER, post=(L, L, 404, 403, ok(302))),
    # A's gift from the case: any agent relays a thank-you; only a supervisor or admin sees
    # the sender (ROLES), never an agent like A's owner here.
    "desk:gift_thanks": Row(get=FOREVER, post=(L, L, 404, 403, ok(302))),
    "desk:gift_sender": Row(get=FOREVER, post=(L, L, 404, 403, 403)),
    # Provider inbound mail: only with the webhook secret (HTTP basic auth).
    # Providers' views differ in whether a GET is a method they know; never a 2xx or a 500.
    "anymail:*_webhook": Row(get=(W, W, W, W, W), post=(400, 400, 400, 400, 400)),
    # API: A's token reads A's; B's token gets 404 for A's code; a session is no token.
    "api-v1:openapi-json": Row(get=(200, 200, 200, 200, 200), post=(200, 200, 200, 200, 200)),
    "api-v1:openapi-view": Row(get=(200, 200, 200, 200, 200), post=(200, 200, 200, 200, 200)),
    "api-v1:api-root": Row(get=(404, 404, 404, 404, 404), post=(404, 404, 404, 404, 404)),
    "api-v1:upsert_shipment": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:record_carrier_events": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:get_shipment": Row(get=(401, 401, 404, 401, ok(200)), post=FOREVER),
    "api-v1:list_vouchers": Row(get=(401, 401, 200, 401, ok(200)), post=FOREVER),
    "api-v1:metrics": Row(get=(401, 401, 200, 401, ok(200)), post=FOREVER),
    # B's token answering A's request: the body is checked first (422), then the id (404).
    "api-v1:answer_request": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    # Reads a message, stores nothing: any valid token may ask; an empty body is refused.
    "api-v1:understand": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:export_person": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:erase_person": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:effort_metrics": Row(get=(401, 401, 200, 401, ok(200)), post=FOREVER),
    # A's gift fields are PUT only (B's token gets 404 for A's order: tests/gifts).
    "api-v1:order_gift": Row(get=FOREVER, post=FOREVER),
    "api-v1:get_return": Row(get=(401, 401, 404, 401, ok(200)), post=FOREVER),
    "api-v1:record_label": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:settle_return": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:carrier_webhook": Row(get=(401, 401, 401, 401, 401), post=(401, 401, 401, 401, 401)),
    "api-v1:upsert_drivers": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    "api-v1:plan_stops": Row(get=FOREVER, post=(401, 401, 422, 401, ok(422))),
    # B's token names A's driver: not found; A's own token gets a code.
    "api-v1:issue_sign_in_code": Row(get=FOREVER, post=(401, 401, 404, 401, ok(201))),
    # The driver page: "other_org" is B's driver and "owner" A's driver, each signed in with a
    # depot code (a driver session, not a desk login); a desk user without a driver session is
    # sent to the driver's sign-in like anyone. B's driver gets 404 for A's stop.
    "drivers:sign_in": Row(get=(200, 200, 302, 200, 302), post=(422, 422, 302, 422, 302)),
    # The depot's signed link names A's driver: a forged one (anonymous, no_role) is 404; B's
    # driver, signed in already, is still asked; A's own link signs in on POST.
    "drivers:sign_in_link": Row(
        get=(404, 200, 200, 404, 200), post=(404, own(302), own(302), 404, ok(302))
    ),
    "drivers:sign_out": Row(get=FOREVER, post=(302, 302, 302, 302, 302)),
    "drivers:stops": Row(get=(302, 302, own(200), 302, sees(200)), post=FOREVER),
    # The owner's empty tap (no script): back to the stops with the reason, nothing stored.
    "drivers:tap": Row(get=FOREVER, post=(302, 302, 404, 302, ok(302))),
    # Admin: staff only; everyone else is sent to its sign-in page.
    "admin:index": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, ok(200))),
    "admin:login": Row(get=(200, 200, 200, 200, 302), post=(200, 200, 200, 200, ok(200))),
    "admin:logout": Row(get=(L, L, L, L, 405), post=(L, L, L, L, ok(200))),
    "admin:password_change": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, ok(200))),
    "admin:password_change_done": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, 405)),
    "admin:autocomplete": Row(get=(L, L, L, L, ok(403)), post=(L, L, L, L, 405)),
    "admin:jsi18n": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, 405)),
    "admin:view_on_site": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    # The depot's CSV of a day's stops: staff only; an empty form is shown again.
    "admin:drivers_stop_upload": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, ok(200))),
    "admin:app_list": Row(get=(L, L, L, L, ok(200)), post=(L, L, L, L, ok(200))),
    "admin:*_changelist": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:*_add": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:*_change": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:*_delete": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:*_history": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:auth_user_password_change": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:otp_totp_totpdevice_config": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "admin:otp_totp_totpdevice_qrcode": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    # Unnamed: the admin's old object URLs (a redirect to /change/) and its catch-all.
    "/admin/*/<path:object_id>/": Row(get=(L, L, L, L, SKIP), post=(L, L, L, L, SKIP)),
    "/admin/(?P<url>.*)$": Row(get=(L, L, L, L, ok(404)), post=(L, L, L, L, ok(404))),
}

# Bodies that would change something if the visitor were let through; an empty POST otherwise.
BODIES: dict[str, dict[str, str]] = {
    "selfservice:address": {
        "postcode": "3731 HK",
        "house_number": "12",
        "street": "Lindelaan",
        "city": "De Bilt",
        "email": "vreemde@example.nl",
    },
    "selfservice:not_received": {"email": "vreemde@example.nl", "note": "Niet ontvangen"},
    "cases:customer_case": {"action": "close"},
    "desk:reply": {"body": "Antwoord van een vreemde"},
    "desk:note": {"internal_note": "Notitie van een vreemde"},
    "desk:state": {"state": "resolved", "reason": "door een vreemde"},
    "desk:handover": {"team": "Vreemden", "note": "overgedragen door een vreemde"},
    "desk:triage": {"priority": "3", "tags": "vreemd"},
    "desk:intent": {"intent": "damaged"},
    "desk:two_step": {"step": "begin"},
    "desk:correct_address": {
        "postcode": "3731 HK",
        "house_number": "12",
        "street": "Lindelaan",
        "city": "De Bilt",
        "confirm_unlisted": "on",
    },
    "desk:ask_carrier": {"kind": "proof_of_delivery", "note": "van een vreemde"},
    "desk:remedy": {"kind": "replacement", "note": "van een vreemde"},
    "desk:voucher": {"amount": "5.00", "reason": "van een vreemde"},
    "desk:gift_thanks": {"text": "Dank van een vreemde"},
    "desk:gift_sender": {"reason": "van een vreemde"},
    "effort:question": {"score": "5"},
}
JSON_BODY_ROUTES = ("api-v1:",)


@dataclass(frozen=True)
class Route:
    key: str  # the row in ACCESS that decides
    label: str  # what a failure names
    pattern: URLPattern
    route: str  # the full route string, prefixes joined
    name: str  # namespaced name, or ""


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern


def _key_for(name: str, route: str) -> str | None:
    """The row of ACCESS for a route: its exact name or route string first, then a family."""
    own_key = name or f"/{route}"
    if own_key in ACCESS:
        return own_key
    families = [key for key in ACCESS if "*" in key and fnmatchcase(own_key, key)]
    return families[0] if len(families) == 1 else None


def every_route() -> list[Route]:
    routes = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        key = _key_for(name, route) or ""
        routes.append(Route(key, name or f"/{route}", pattern, route, name))
    return routes


# --- The world: organisation A owns everything the URLs name; B is the neighbour. ---


@dataclass
class Party:
    organisation: Organisation
    shipment: Shipment
    case: Case
    attachment: Attachment
    change: AddressChange
    question: EffortQuestion
    agent: User
    api_key: str
    request: CaseRequest
    ret: Return
    driver: Driver
    stop: Stop
    gift: Gift
    gift_note: GiftNote


def _party(slug: str, secret: str) -> Party:
    organisation = make_organisation(name=f"Webshop {slug}", slug=f"shop-{slug}")
    shipment = make_shipment(
        organisation=organisation,
        recipient_name=f"Ontvanger {secret}",
        recipient_email=f"ontvanger.{secret.lower()}@example.nl",
        status=Status.DELIVERED,
        order__reference=f"ORD-{secret}",
    )
    case, _ = do_open_case(
        organisation,
        CustomerMessage(
            channel=Channel.EMAIL,
            subject=f"Onderwerp {secret}",
            body=f"Mijn pakket is weg. Tekst {secret}",
            from_address=shipment.recipient_email,
            attachments=[IncomingAttachment("bon.txt", "text/plain", f"bon {secret}".encode())],
        ),
        customer_email=shipment.recipient_email,
        customer_name=f"Klant {secret}",
        shipment=shipment,
    )
    attachment = Attachment.objects.get(message__case=case)
    address = {
        "postcode": shipment.postcode,
        "house_number": shipment.house_number,
        "addition": "",
        "street": shipment.street,
        "city": shipment.city,
        "country": shipment.country,
    }
    change = AddressChange.objects.create(
        shipment=shipment, old_address={**address, "addition": "B"}, new_address=address
    )
    question = EffortQuestion.objects.create(
        organisation=organisation,
        customer_email=case.customer_email,
        occasion=EffortQuestion.Occasion.CASE_RESOLVED,
        case=case,
        asked_at=timezone.now(),
    )
    agent = get_user_model().objects.create_user(f"agent-{slug}", password="pw-agent-12345")
    Membership.objects.create(user=agent, organisation=organisation)
    _, api_key = do_issue_api_token(organisation, name=f"token {slug}")
    request = CaseRequest.objects.create(
        organisation=organisation, case=case, shipment=shipment, kind="proof_of_delivery"
    )
    # A parcel refused at the door: its return is what the returns API names.
    refused = make_shipment(organisation=organisation, recipient_name=f"Ontvanger {secret}")
    ret = do_refuse_at_door(refused, note=f"Notitie {secret}")
    driver = Driver.objects.create(
        organisation=organisation, reference=f"D-{slug}", name=f"Bezorger {slug}"
    )
    stop = Stop.objects.create(
        organisation=organisation,
        driver=driver,
        shipment=shipment,
        route_date=timezone.localdate(),
        route_order=1,
    )
    # A gift whose sender asked to be asked: the name is private until they show it.
    assert shipment.order is not None
    gift = Gift.objects.create(
        organisation=organisation,
        order=shipment.order,
        message=f"Veel leesplezier {secret}",
        sender_name=f"Tante {secret}",
        sender_choice=Gift.SenderChoice.ASK,
        sender_email=f"tante.{secret.lower()}@example.nl",
    )
    gift_note = GiftNote.objects.create(
        gift=gift,
        shipment=shipment,
        direction=GiftNote.Direction.TO_SENDER,
        via=GiftNote.Via.PAGE,
        text=f"Dank je {secret}",
        photo=TINY_PNG,
        photo_type="image/png",
    )
    return Party(
        organisation,
        shipment,
        case,
        attachment,
        change,
        question,
        agent,
        api_key,
        request,
        ret,
        driver,
        stop,
        gift,
        gift_note,
    )


@dataclass
class World:
    a: Party
    b: Party
    no_role: User
    superuser: User
    # The links each visitor holds, by kind: A's own, B's, and forged ones naming A's objects.
    links: dict[str, dict[str, str]]
    # A's members by role (ROLE_VISITORS); "agent" is the owner of ACCESS.
    members: dict[str, User]


@pytest.fixture
def world(db: None) -> World:
    a = _party("a", MARKER)
    b = _party("b", "Buurman")
    no_role = get_user_model().objects.create_user("zonder-rol", password="pw-no-role-123")
    superuser = get_user_model().objects.create_superuser("beheer", password="pw-beheer-123")
    links = {
        "owner": _tokens(a),
        "other_link": _tokens(b),
        "other_org": _tokens(b),
        "anonymous": {kind: _forged(token) for kind, token in _tokens(a).items()},
    }
    links["no_role"] = links["anonymous"]
    members = {"agent": a.agent}
    for role in (Membership.Role.SUPERVISOR, Membership.Role.ADMIN):
        member = get_user_model().objects.create_user(f"{role}-a", password="pw-role-12345")
        Membership.objects.create(user=member, organisation=a.organisation, role=role)
        members[role] = member
    for visitor in ROLE_VISITORS:
        links[visitor] = links["owner"]
    return World(a, b, no_role, superuser, links, members)


def _forged(token: str) -> str:
    """A's token with a signature that does not match: what a guesser can make."""
    payload, _, signature = token.rpartition(":")
    return f"{payload}:{'A' if signature[:1] != 'A' else 'B'}{signature[1:]}"


def _token_of(path: str) -> str:
    return path.rstrip("/").split("/")[-1]


def _tokens(party: Party) -> dict[str, str]:
    return {
        "tracking": _token_of(tracking_url(party.shipment)),
        "case": _token_of(customer_case_path(party.case)),
        "undo": _token_of(undo_path(party.change)),
        "effort": _token_of(question_path(party.question, 5)),
        "driver_link": do_issue_sign_in_code(party.driver).link_token,
        "gift_reveal": _token_of(reveal_link(party.gift.pk, party.shipment.pk)),
        "gift_photo": _token_of(photo_link(party.gift_note.pk)),
    }


def _token_kind(name: str) -> str:
    if name == "drivers:sign_in_link":
        return "driver_link"
    if name == "selfservice:undo_address":
        return "undo"
    if name.startswith("cases:"):
        return "case"
    if name.startswith("effort:"):
        return "effort"
    if name in ("gifts:reveal", "gifts:photo"):
        return "gift_" + name.split(":")[1]
    return "tracking"


def _object_id(route: Route, world: World) -> str:
    """An existing object of the admin model the route belongs to, else A's case."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix) or f"/{model._meta.model_name}/" in route.route:
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            return str(first if first is not None else 0)
    return str(world.a.case.pk)


def _arguments(route: Route, visitor: str, world: World) -> dict[str, str]:
    a = world.a
    admin_object = "<path:object_id>" in route.route or "<int:pk>" in route.route
    object_id = _object_id(route, world) if admin_object else ""
    return {
        "token": world.links[visitor][_token_kind(route.name)],
        "case_id": str(a.case.pk),
        "return_id": str(a.ret.pk),
        "attachment_id": str(a.attachment.pk),
        "slug": a.organisation.slug,
        "request_id": str(a.request.pk),
        "tracking_code": a.shipment.tracking_code,
        "carrier": a.shipment.carrier,
        "object_id": object_id,
        "id": str(a.agent.pk),
        "pk": object_id,
        "content_type_id": str(ContentType.objects.get_for_model(Case).pk),
        "app_label": "cases",
        "url": "no-such-page/",
        "stop_id": str(a.stop.pk),
        "reference": a.driver.reference,
        "order_reference": a.shipment.order.reference if a.shipment.order else "",
    }


def _path(route: Route, visitor: str, world: World) -> str:
    values = _arguments(route, visitor, world)
    if isinstance(route.pattern.pattern, RoutePattern) and "^" not in route.route:
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route.route)
    else:
        # Regex routes (anymail's, the admin's app index and catch-all).
        path = route.route.replace("^", "").replace("\\Z", "").rstrip("$")
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], path)
        path = re.sub(r"\([^)]*\)\?", "", path)
    path = "/" + path
    # The sweep is only as good as its URLs: each must reach the pattern it is meant for.
    match = resolve(path)
    assert match.func == route.pattern.callback, f"{path} does not reach {route.label}"
    return path


class Visitors:
    """One test client for the whole sweep (building one loads every middleware, WhiteNoise's
    static-file scan included) and one signed-in session per user, set before each request."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.client = Client(raise_request_exception=False)
        self.sessions: dict[int, str] = {}
        self.driver_sessions: dict[int, str] = {}
        # Every request is rolled back, so each one starts from this same state.
        self.baseline = _snapshot()

    def _session_of(self, user: User) -> str:
        if user.pk not in self.sessions:
            # A fresh jar: signing in over another user's session would end that session.
            self.client.cookies = SimpleCookie()
            self.client.force_login(user)
            self.sessions[user.pk] = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        return self.sessions[user.pk]

    def _driver_session_of(self, driver: Driver) -> str:
        if driver.pk not in self.driver_sessions:
            store = import_module(settings.SESSION_ENGINE).SessionStore()
            store[DRIVER_SESSION_KEY] = driver.pk
            store.create()
            self.driver_sessions[driver.pk] = str(store.session_key)
        return self.driver_sessions[driver.pk]

    def prepare(self, visitor: str, route: Route) -> tuple[Client, dict[str, str]]:
        world = self.world
        if route.name.startswith("drivers:") and visitor in ("other_org", "owner"):
            driver = world.b.driver if visitor == "other_org" else world.a.driver
            self.client.cookies = SimpleCookie()
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self._driver_session_of(driver)
            return self.client, {}
        user: User | None = {
            "other_org": world.b.agent,
            "no_role": world.no_role,
            "owner": world.superuser if route.route.startswith("admin/") else world.a.agent,
        }.get(visitor)
        session = self._session_of(user) if user is not None else None
        self.client.cookies = SimpleCookie()
        if session is not None:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = session
        headers: dict[str, str] = {}
        if route.name.startswith("api-v1:") and visitor in ("other_org", "owner"):
            key = world.b.api_key if visitor == "other_org" else world.a.api_key
            headers["Authorization"] = f"Bearer {key}"
        if route.name.startswith("anymail:") and visitor == "owner":
            # The provider: it knows the webhook secret, sent as HTTP basic auth.
            secret = base64.b64encode(str(settings.ANYMAIL["WEBHOOK_SECRET"]).encode())
            headers["Authorization"] = f"Basic {secret.decode()}"
        return self.client, headers


def _snapshot() -> tuple[Any, ...]:
    """Every row of the watched tables, with the fields an intruder would change."""
    return (
        tuple(Case.objects.order_by("pk").values_list("pk", "state", "priority", "tags", "team")),
        tuple(CaseMessage.objects.order_by("pk").values_list("pk", flat=True)),
        tuple(Shipment.objects.order_by("pk").values_list("pk", "postcode", "house_number")),
        tuple(AddressChange.objects.order_by("pk").values_list("pk", "reverted_at")),
        tuple(Dispatch.objects.order_by("pk").values_list("pk", flat=True)),
        tuple(CaseRequest.objects.order_by("pk").values_list("pk", "state")),
        tuple(Voucher.objects.order_by("pk").values_list("pk", flat=True)),
        tuple(Tap.objects.order_by("pk").values_list("pk", flat=True)),
        tuple(Stop.objects.order_by("pk").values_list("pk", "state")),
        tuple(EffortQuestion.objects.order_by("pk").values_list("pk", "score", "comment")),
        tuple(Gift.objects.order_by("pk").values_list("pk", "revealed_at", "sender_choice")),
        tuple(GiftNote.objects.order_by("pk").values_list("pk", flat=True)),
    )


def _request(client: Client, method: str, path: str, route: Route, headers: dict[str, str]) -> Any:
    if method == "GET":
        return client.get(path, headers=headers)
    if route.name.startswith(JSON_BODY_ROUTES):
        return client.post(path, "{}", content_type="application/json", headers=headers)
    return client.post(path, BODIES.get(route.name, {}), headers=headers)


def _cell(route: Route, method: str, visitor: str) -> Expect:
    row = ACCESS[route.key]
    cell = (row.get if method == "GET" else row.post)[VISITORS.index(visitor)]
    return cell if isinstance(cell, Expect) else Expect(cell)


def _problems(route: Route, method: str, visitor: str, visitors: Visitors) -> list[str]:
    expect = _cell(route, method, visitor)
    if expect.skip:
        return []
    path = _path(route, visitor, visitors.world)
    client, headers = visitors.prepare(visitor, route)
    where = f"{method} {route.label} as {visitor} ({path})"
    # Each request runs in a savepoint that is rolled back, so no request sees another's
    # traces and the owner's real changes do not move the ground under the next row.
    watched = not (expect.entitled or expect.own)
    with transaction.atomic():
        response = _request(client, method, path, route, headers)
        after = _snapshot() if watched else visitors.baseline
        transaction.set_rollback(True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    found = MARKER.lower().encode() in body.lower()
    problems = []
    if response.status_code != expect.status and response.status_code not in expect.alternatives:
        problems.append(f"{where}: status {response.status_code}, table says {expect.status}")
    if found and not expect.entitled:
        problems.append(f"{where}: shows organisation A's private data")
    if expect.sees and not found:
        problems.append(f"{where}: the owner should see A's data here (is the marker gone?)")
    if after != visitors.baseline:
        problems.append(f"{where}: wrote something ({visitors.baseline} → {after})")
    return problems


def test_every_route_has_a_row_and_every_row_a_route() -> None:
    routes = every_route()
    missing = sorted(route.label for route in routes if not route.key)
    assert not missing, f"Routes without a row in ACCESS (decide who may reach them): {missing}"
    used = {route.key for route in routes}
    stale = sorted(set(ACCESS) - used)
    assert not stale, f"Rows in ACCESS for routes that no longer exist: {stale}"
    assert set(BODIES) <= {route.name for route in routes}, "BODIES names a route that is gone"


# Anymail warns, on each request, that its SendGrid views are unsupported and its SendinBlue
# URLs renamed; the suite makes warnings errors, which would turn those routes into 500s here.
@pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning")
@pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailDeprecationWarning")
def test_no_route_lets_a_visitor_reach_what_is_not_theirs(world: World) -> None:
    visitors = Visitors(world)
    problems = [
        problem
        for route in every_route()
        for method in ("GET", "POST")
        for visitor in VISITORS
        for problem in _problems(route, method, visitor, visitors)
    ]
    assert not problems, "\n".join(problems)


# --- Roles: A's agent, supervisor and admin, and A's token without the route's scope. ---

ROLE_VISITORS = ("agent", "supervisor", "admin", "no_scope")
EVERY_ROLE = frozenset({"agent", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})


@dataclass(frozen=True)
class Who:
    """Who of A's people may use a desk route (`roles`), or which scope an API route needs.

    A role that may gets what ACCESS's owner gets (an agent), unless `get`/`post` say what it
    gets instead; a role that may not gets 403 and sees and changes nothing. A token with every
    scope but `scope` gets 403 `scope_missing`. `public`: no role or scope decides (sign-in
    pages, the schema, a provider's signed push): everyone gets the owner's answer.
    """

    roles: frozenset[str] = frozenset()
    scope: Scope | None = None
    public: bool = False
    get: Cell | None = None
    post: Cell | None = None


PUBLIC = Who(public=True)
WORK = Who(roles=EVERY_ROLE)

# Every route of the desk and the API says who may; a new one without a row fails below.
ROLES: dict[str, Who] = {
    "desk:login": PUBLIC,
    "desk:login_code": PUBLIC,
    "desk:logout": PUBLIC,
    # Any member may protect their own account.
    "desk:two_step": WORK,
    "desk:queue": WORK,
    "desk:case": WORK,
    "desk:reply": WORK,
    "desk:note": WORK,
    "desk:state": WORK,
    "desk:handover": WORK,
    "desk:triage": WORK,
    "desk:intent": WORK,
    "desk:attachment": WORK,
    "desk:correct_address": WORK,
    "desk:ask_carrier": WORK,
    "desk:remedy": WORK,
    "desk:voucher": WORK,
    "desk:gift_thanks": WORK,
    "desk:gift_sender": Who(roles=SUPERVISORS, post=sees(200)),
    "desk:returns": WORK,
    "desk:effort": Who(roles=SUPERVISORS, get=ok(200)),
    "desk:audit": Who(roles=SUPERVISORS, get=ok(200)),
    "desk:privacy": Who(roles=frozenset({"admin"}), get=ok(200), post=ok(422)),
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    "api-v1:api-root": PUBLIC,
    # Signed by the carrier's shared secret, not by a token.
    "api-v1:carrier_webhook": PUBLIC,
    "api-v1:upsert_shipment": Who(scope=Scope.SHIPMENTS),
    "api-v1:get_shipment": Who(scope=Scope.SHIPMENTS),
    "api-v1:record_carrier_events": Who(scope=Scope.EVENTS),
    "api-v1:list_vouchers": Who(scope=Scope.PROMISES),
    "api-v1:metrics": Who(scope=Scope.PROMISES),
    "api-v1:answer_request": Who(scope=Scope.REQUESTS),
    "api-v1:understand": Who(scope=Scope.UNDERSTAND),
    "api-v1:effort_metrics": Who(scope=Scope.CASES),
    "api-v1:get_return": Who(scope=Scope.RETURNS),
    "api-v1:record_label": Who(scope=Scope.RETURNS),
    "api-v1:settle_return": Who(scope=Scope.RETURNS),
    "api-v1:upsert_drivers": Who(scope=Scope.DRIVERS),
    "api-v1:plan_stops": Who(scope=Scope.DRIVERS),
    "api-v1:issue_sign_in_code": Who(scope=Scope.DRIVERS),
    "api-v1:export_person": Who(scope=Scope.PRIVACY),
    "api-v1:erase_person": Who(scope=Scope.PRIVACY),
    # PUT only (the sweep asks GET and POST: 405); the scope is tested in tests/gifts.
    "api-v1:order_gift": Who(scope=Scope.GIFTS),
}
ROLE_ROUTES = ("desk:", "api-v1:")


def _role_routes() -> list[Route]:
    return [route for route in every_route() if route.name.startswith(ROLE_ROUTES)]


def _role_cell(route: Route, method: str, visitor: str) -> Expect | None:
    """What one of A's role visitors gets, or None where the visitor does not apply."""
    who = ROLES[route.name]
    owner = _cell(route, method, "owner")
    is_api = route.name.startswith("api-v1:")
    if (visitor == "no_scope") != is_api:
        return None  # roles are for the desk's sessions, scopes for the API's tokens
    if who.public or owner.status == 405:
        return owner
    if visitor == "no_scope":
        return None if who.scope is None else Expect(403)
    if visitor not in who.roles:
        return Expect(403)
    override = who.get if method == "GET" else who.post
    if override is None:
        return owner
    return override if isinstance(override, Expect) else Expect(override)


class RoleVisitors(Visitors):
    """A's people by role, and A's tokens each lacking one scope."""

    def __init__(self, world: World) -> None:
        super().__init__(world)
        self.keys: dict[str, str] = {}

    def _key_without(self, scope: Scope) -> str:
        if scope not in self.keys:
            others = [other for other in Scope.values if other != scope]
            _, self.keys[scope] = do_issue_api_token(
                self.world.a.organisation, name=f"without {scope}", scopes=others
            )
        return self.keys[scope]

    def prepare(self, visitor: str, route: Route) -> tuple[Client, dict[str, str]]:
        self.client.cookies = SimpleCookie()
        if visitor == "no_scope":
            scope = ROLES[route.name].scope
            headers = {"Authorization": f"Bearer {self._key_without(scope)}"} if scope else {}
            return self.client, headers
        session = self._session_of(self.world.members[visitor])
        self.client.cookies[settings.SESSION_COOKIE_NAME] = session
        return self.client, {}


def _role_problems(route: Route, method: str, visitor: str, visitors: RoleVisitors) -> list[str]:
    expect = _role_cell(route, method, visitor)
    if expect is None or expect.skip:
        return []
    path = _path(route, visitor, visitors.world)
    client, headers = visitors.prepare(visitor, route)
    where = f"{method} {route.label} as A's {visitor} ({path})"
    watched = not (expect.entitled or expect.own)
    with transaction.atomic():
        response = _request(client, method, path, route, headers)
        after = _snapshot() if watched else visitors.baseline
        transaction.set_rollback(True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    problems = []
    if response.status_code != expect.status and response.status_code not in expect.alternatives:
        problems.append(f"{where}: status {response.status_code}, ROLES says {expect.status}")
    found = MARKER.lower().encode() in body.lower()
    if found and not expect.entitled:
        problems.append(f"{where}: shows organisation A's private data to a role that may not")
    if expect.sees and not found:
        problems.append(f"{where}: this role should see A's data here")
    if after != visitors.baseline:
        problems.append(f"{where}: a role that may not wrote something")
    if visitor == "no_scope" and expect.status == 403:
        code = response.json().get("code")
        if code != AccessErrorCode.SCOPE_MISSING:
            problems.append(f"{where}: code {code}, not scope_missing")
    return problems


def test_every_desk_and_api_route_says_which_role_or_scope_may() -> None:
    names = {route.name for route in _role_routes()}
    missing = sorted(names - set(ROLES))
    assert not missing, f"Routes without a row in ROLES (decide which role may): {missing}"
    stale = sorted(set(ROLES) - names)
    assert not stale, f"Rows in ROLES for routes that no longer exist: {stale}"
    # Every scope a token can be issued with opens something, or is kept for a route to come.
    assert {who.scope for who in ROLES.values() if who.scope} <= set(Scope)


def test_each_role_and_scope_reaches_only_what_it_may(world: World) -> None:
    visitors = RoleVisitors(world)
    problems = [
        problem
        for route in _role_routes()
        for method in ("GET", "POST")
        for visitor in ROLE_VISITORS
        for problem in _role_problems(route, method, visitor, visitors)
    ]
    assert not problems, "\n".join(problems)


def test_another_organisations_token_never_reads_or_moves_a_shipment_of_a(
    world: World,
) -> None:
    code = world.a.shipment.tracking_code
    neighbour = Client()
    bearer = {"Authorization": f"Bearer {world.b.api_key}"}
    for asked in (code, code.lower(), f"{code}?carrier=postnl"):
        answer = neighbour.get(f"/api/v1/shipments/{asked}", headers=bearer)
        assert answer.status_code == 404, asked
        assert MARKER.encode() not in answer.content
    for listing in ("/api/v1/vouchers", "/api/v1/metrics/promises"):
        answer = neighbour.get(listing, headers=bearer)
        assert answer.status_code == 200 and code.encode() not in answer.content
    pushed = neighbour.post(
        "/api/v1/carrier-events",
        {"events": [event_payload(code, "returned", timezone.now())]},
        content_type="application/json",
        headers=bearer,
    )
    assert pushed.status_code == 200
    shipment = Shipment.objects.get(pk=world.a.shipment.pk)
    assert shipment.status == Status.DELIVERED and not shipment.events.exists()
    # The owner's own token reads it: the 404s above are about who asks.
    owner = neighbour.get(
        f"/api/v1/shipments/{code}", headers={"Authorization": f"Bearer {world.a.api_key}"}
    )
    assert owner.status_code == 200 and owner.json()["tracking_code"] == code


def test_a_link_of_one_kind_never_opens_a_page_of_another(world: World) -> None:
    """A's own case link where a tracking link belongs, and so on: each salt is its own."""
    client = Client()
    links = world.links["owner"]
    pages = {
        "tracking": ("/track/s/{}/", "/track/s/{}/address/", "/track/s/{}/not-received/"),
        "case": ("/case/{}/",),
        "undo": ("/track/undo/{}/",),
    }
    for kind, paths in pages.items():
        for other_kind, token in links.items():
            for path in paths:
                assert client.get(path.format(links[kind])).status_code == 200, path
                if other_kind != kind:
                    answer = client.get(path.format(token))
                    assert answer.status_code == 404, (path, other_kind)
                    assert MARKER.encode() not in answer.content
