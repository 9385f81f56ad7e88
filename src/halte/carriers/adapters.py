"""Which adapter module reads which carrier's payloads."""

import importlib
from collections.abc import Callable
from functools import cache
from typing import Protocol, cast

from halte.carriers.feed import Credentials, Mapped, OutgoingRequest, Parsed, WebhookAuth
from halte.vocabulary.carriers import CARRIERS


class CarrierAdapter(Protocol):
    """The shape every module in ADAPTERS has; see halte.carriers.feed."""

    SLUG: str
    SOURCE: str
    PARSER: str
    TIMEZONE: str
    STATUS_MAP: dict[str, Mapped]
    WEBHOOK_AUTH: WebhookAuth

    @property
    def parse_webhook(self) -> Callable[[bytes, str], Parsed]: ...

    @property
    def tracking_request(self) -> Callable[[str, Credentials], OutgoingRequest]: ...

    @property
    def parse_tracking(self) -> Callable[[bytes, str], Parsed]: ...


# One module per carrier, same shape for each.
ADAPTERS = {slug: f"halte.carriers.{slug}" for slug in CARRIERS}


@cache
def adapter_for(slug: str) -> CarrierAdapter | None:
    if slug not in ADAPTERS:
        return None
    try:
        return cast(CarrierAdapter, importlib.import_module(ADAPTERS[slug]))
    except ModuleNotFoundError as exc:
        if exc.name != ADAPTERS[slug]:
            raise  # the adapter exists but is broken: fail loudly
        # A carrier without an adapter still works with generic codes and admin mappings.
        return None


def all_adapters() -> list[CarrierAdapter]:
    return [a for a in (adapter_for(slug) for slug in ADAPTERS) if a is not None]
