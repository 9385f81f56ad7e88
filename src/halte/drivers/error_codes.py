"""Error codes of the drivers' API, and the reasons the driver page gives for a refused tap."""

from enum import StrEnum


class DriverErrorCode(StrEnum):
    """What the drivers' API answers (`/api/v1/drivers`, `/api/v1/stops`)."""

    # More rows in one request than MAX_ROWS.
    BATCH_TOO_LARGE = "batch_too_large"
    # A stop names a driver reference this organisation has not created.
    DRIVER_NOT_FOUND = "driver_not_found"
    # No shipment of this organisation with that carrier and tracking code.
    STOP_SHIPMENT_NOT_FOUND = "stop_shipment_not_found"
    # The same parcel twice on one day in one request.
    DUPLICATE_STOP = "duplicate_stop"
    # The stop was delivered, refused or failed already; it is not planned again.
    STOP_SETTLED = "stop_settled"


class TapRefusal(StrEnum):
    """Why the driver page did not store a tap; the page shows the sentence beside it."""

    STOP_SETTLED = "stop_settled"
    SHIPMENT_DELIVERED = "shipment_delivered"
    TAP_IN_FUTURE = "tap_in_future"
    TAP_TOO_OLD = "tap_too_old"
    # Accept or refuse without a damaged box being looked at.
    NOT_INSPECTING = "not_inspecting"
    # A delivery or failure while the recipient is still looking at a damaged box.
    INSPECTING = "inspecting"
    INVALID_TAP = "invalid_tap"
    PHOTO_TOO_LARGE = "photo_too_large"
    PHOTO_NOT_AN_IMAGE = "photo_not_an_image"


class DriverSignInError(StrEnum):
    WRONG_CODE = "wrong_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
