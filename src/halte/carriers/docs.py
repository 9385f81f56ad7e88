"""docs/carriers.md, written from the adapters themselves so the tables cannot drift."""

from pathlib import Path
from typing import cast

from django.template.loader import render_to_string
from django.utils import translation

from halte.carriers import halte_driver
from halte.carriers.adapters import CarrierAdapter, all_adapters
from halte.carriers.feed import Credentials, HmacSignature, Mapped, SharedSecret, WebhookAuth
from halte.vocabulary.carriers import CARRIERS

DOCS_PATH = Path(__file__).resolve().parents[3] / "docs" / "carriers.md"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _auth(auth: WebhookAuth) -> str:
    if isinstance(auth, HmacSignature):
        return (
            f"HMAC-SHA256 of the raw body under the account's webhook secret, {auth.encoding}, "
            f"in header `{auth.header}`" + (f" as `{auth.prefix}<digest>`" if auth.prefix else "")
        )
    if isinstance(auth, SharedSecret):
        return f"the account's webhook secret itself in header `{auth.header}`" + (
            f" as `{auth.prefix}<secret>`" if auth.prefix else ""
        )
    return f"header `{auth.header}`"


def _meaning(entry: Mapped) -> tuple[str, str]:
    meaning = entry.meaning
    detail = meaning.place or meaning.reason
    return str(meaning.status.value), str(detail.value) if detail else ""


def _carrier(adapter: CarrierAdapter) -> dict[str, object]:
    request = adapter.tracking_request("TRACKINGCODE", Credentials("API_URL", "API_KEY"))
    return {
        "name": CARRIERS[adapter.SLUG].name if adapter.SLUG in CARRIERS else halte_driver.NAME,
        "slug": adapter.SLUG,
        "source": " ".join(adapter.SOURCE.split()),
        "parser": adapter.PARSER,
        "timezone": adapter.TIMEZONE,
        "auth": _auth(adapter.WEBHOOK_AUTH),
        "request": f"{request.method} {request.url}",
        "request_headers": ", ".join(f"`{name}`" for name in request.headers),
        "rows": [
            (_cell(code), _cell(entry.description), *_meaning(entry))
            for code, entry in adapter.STATUS_MAP.items()
        ],
    }


def render_carrier_docs() -> str:
    carriers = [_carrier(a) for a in all_adapters()]
    driver = _carrier(cast(CarrierAdapter, halte_driver))
    with translation.override("en"):
        return render_to_string("carriers/carriers.md", {"carriers": carriers, "driver": driver})


def write_carrier_docs(path: Path = DOCS_PATH) -> None:
    path.write_text(render_carrier_docs())
