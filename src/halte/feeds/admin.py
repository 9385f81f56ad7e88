"""Admin: carrier codes (unmapped first, most seen first, mapped without a deploy), carrier
accounts, and polls that keep failing."""

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from halte.carriers.adapters import all_adapters
from halte.carriers.meanings import built_in_meaning
from halte.carriers.models import CarrierAccount, CarrierCode, ShipmentPoll
from halte.feeds.actions import do_map_carrier_code
from halte.feeds.models import ReceivedPush
from halte.vocabulary.carriers import Meaning, normalise_code
from halte.vocabulary.status import Status


def _built_in_codes() -> Q:
    """Codes an adapter maps itself; never listed as unmapped."""
    query = Q(pk__in=[])
    for adapter in all_adapters():
        query |= Q(carrier=adapter.SLUG, code__in={normalise_code(c) for c in adapter.STATUS_MAP})
    return query


class MappedFilter(admin.SimpleListFilter):
    title = _("mapping")
    parameter_name = "mapped"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("no", _("unmapped")),
            ("admin", _("mapped by an admin")),
            ("built_in", _("mapped by Halte")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[CarrierCode]) -> Any:
        if self.value() == "no":
            return queryset.filter(status=Status.UNMAPPED).exclude(_built_in_codes())
        if self.value() == "admin":
            return queryset.exclude(status=Status.UNMAPPED)
        if self.value() == "built_in":
            return queryset.filter(_built_in_codes())
        return queryset


def _describe(meaning: Meaning | None) -> str:
    if meaning is None:
        return "—"
    detail = meaning.place or meaning.reason
    return f"{meaning.status.label} ({detail.label})" if detail else str(meaning.status.label)


@admin.register(CarrierCode)
class CarrierCodeAdmin(admin.ModelAdmin[CarrierCode]):
    list_display = [
        "carrier",
        "code",
        "built_in",
        "status",
        "delivery_place",
        "failure_reason",
        "seen_count",
        "example_description",
        "example_tracking_code",
        "first_seen_at",
    ]
    list_filter = [MappedFilter, "carrier", "status"]
    search_fields = ["code", "example_description", "example_tracking_code"]
    ordering = ["-seen_count"]
    fields = [
        "carrier",
        "code",
        "example_description",
        "example_tracking_code",
        "seen_count",
        "first_seen_at",
        "built_in",
        "status",
        "delivery_place",
        "failure_reason",
    ]
    readonly_fields = [
        "carrier",
        "code",
        "example_description",
        "example_tracking_code",
        "seen_count",
        "first_seen_at",
        "built_in",
    ]

    @admin.display(description=_("meaning built into Halte"))
    def built_in(self, obj: CarrierCode) -> str:
        return _describe(built_in_meaning(obj.carrier, obj.code))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # codes appear when a carrier sends them

    def save_model(self, request: HttpRequest, obj: CarrierCode, form: Any, change: bool) -> None:
        do_map_carrier_code(
            obj, status=obj.status, place=obj.delivery_place, reason=obj.failure_reason
        )


@admin.register(CarrierAccount)
class CarrierAccountAdmin(admin.ModelAdmin[CarrierAccount]):
    list_display = ["organisation", "carrier", "active", "polling", "poll_every_minutes"]
    list_filter = ["carrier", "active", "polling"]
    search_fields = ["organisation__name"]


class FailingFilter(admin.SimpleListFilter):
    title = _("health")
    parameter_name = "failing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("failing")), ("no", _("healthy"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ShipmentPoll]) -> Any:
        if self.value() == "yes":
            return queryset.filter(failures__gt=0)
        if self.value() == "no":
            return queryset.filter(failures=0)
        return queryset


@admin.register(ShipmentPoll)
class ShipmentPollAdmin(admin.ModelAdmin[ShipmentPoll]):
    list_display = [
        "shipment",
        "failures",
        "last_error",
        "last_polled_at",
        "last_success_at",
        "next_poll_at",
    ]
    list_filter = [FailingFilter, "shipment__carrier"]
    list_select_related = ["shipment"]
    search_fields = ["shipment__tracking_code"]
    ordering = ["-failures", "next_poll_at"]
    readonly_fields = [
        "shipment",
        "failures",
        "last_error",
        "last_polled_at",
        "last_success_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # polls are scheduled for undelivered shipments of polled carriers


class PushStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("waiting", _("waiting")), ("failing", _("failing"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ReceivedPush]) -> Any:
        if self.value() == "waiting":
            return queryset.filter(attempts=0)
        if self.value() == "failing":
            return queryset.filter(attempts__gt=0)
        return queryset


@admin.register(ReceivedPush)
class ReceivedPushAdmin(admin.ModelAdmin[ReceivedPush]):
    """Pushes accepted and not stored yet: normally empty within a second; failing ones stay."""

    list_display = [
        "id",
        "organisation",
        "carrier",
        "event_count",
        "received_at",
        "attempts",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = [PushStateFilter, "carrier"]
    list_select_related = ["organisation"]
    ordering = ["-attempts", "received_at"]
    readonly_fields = [
        "organisation",
        "carrier",
        "events",
        "received_at",
        "attempts",
        "last_error",
    ]

    @admin.display(description=_("events"))
    def event_count(self, obj: ReceivedPush) -> int:
        return len(obj.events) if isinstance(obj.events, list) else 0

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pushes come from carriers
