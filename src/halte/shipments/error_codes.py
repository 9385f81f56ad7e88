"""Error codes of the shipments API: announcing shipments and recording carrier events."""

from enum import StrEnum


class ShipmentErrorCode(StrEnum):
    # Another organisation announced this tracking code with the same carrier.
    TRACKING_CODE_TAKEN = "tracking_code_taken"
    SHIPMENT_NOT_FOUND = "shipment_not_found"
    # More than MAX_EVENTS_PER_BATCH events in one request.
    BATCH_TOO_LARGE = "batch_too_large"
