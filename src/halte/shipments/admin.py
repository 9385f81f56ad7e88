from django.contrib import admin

from halte.audit.admin import RecordsAccess
from halte.shipments.journey import STATE_FIELDS
from halte.shipments.models import Order, Shipment, TrackingEvent


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ["reference", "organisation", "placed_at", "promised_date"]
    list_filter = ["organisation"]
    search_fields = ["reference"]


class TrackingEventInline(admin.TabularInline[TrackingEvent, Shipment]):
    model = TrackingEvent
    extra = 0
    can_delete = False
    fields = ["occurred_at", "raw_code", "raw_description", "status", "delivery_place", "location"]
    # Carrier events are evidence: shown, never edited.
    readonly_fields = [
        "occurred_at",
        "raw_code",
        "raw_description",
        "status",
        "delivery_place",
        "location",
    ]
    ordering = ["-occurred_at"]


@admin.register(Shipment)
class ShipmentAdmin(RecordsAccess, admin.ModelAdmin[Shipment]):
    subject_name = "shipment"  # opening or saving a row is in the audit trail

    list_display = ["tracking_code", "carrier", "organisation", "status", "status_at", "postcode"]
    list_filter = ["carrier", "status", "organisation"]
    search_fields = ["tracking_code", "postcode", "recipient_name"]
    readonly_fields = STATE_FIELDS  # derived from events, never edited by hand
    inlines = [TrackingEventInline]
