"""Admin list of carrier codes: unmapped first, most seen first, mapped without a deploy."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from halte.carriers.actions import do_map_carrier_code
from halte.carriers.models import CarrierCode
from halte.shipments.status import Status


class MappedFilter(admin.SimpleListFilter):
    title = _("mapping")
    parameter_name = "mapped"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("unmapped")), ("yes", _("mapped"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "no":
            return queryset.filter(status=Status.UNMAPPED)
        if self.value() == "yes":
            return queryset.exclude(status=Status.UNMAPPED)
        return queryset


@admin.register(CarrierCode)
class CarrierCodeAdmin(admin.ModelAdmin[CarrierCode]):
    list_display = [
        "carrier",
        "code",
        "status",
        "delivery_place",
        "failure_reason",
        "seen_count",
        "example_description",
        "first_seen_at",
    ]
    list_filter = [MappedFilter, "carrier", "status"]
    search_fields = ["code", "example_description"]
    ordering = ["-seen_count"]
    fields = [
        "carrier",
        "code",
        "example_description",
        "seen_count",
        "first_seen_at",
        "status",
        "delivery_place",
        "failure_reason",
    ]
    readonly_fields = ["carrier", "code", "example_description", "seen_count", "first_seen_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # codes appear when a carrier sends them

    def save_model(self, request: HttpRequest, obj: CarrierCode, form: Any, change: bool) -> None:
        do_map_carrier_code(
            obj, status=obj.status, place=obj.delivery_place, reason=obj.failure_reason
        )
