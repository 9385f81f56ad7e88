"""Error codes of carrier codes and carrier accounts as edited in the admin."""

from enum import StrEnum


class CarrierErrorCode(StrEnum):
    # A carrier code's delivery place or failure reason contradicts its status.
    PLACE_WITHOUT_DELIVERY = "place_without_delivery"
    REASON_WITHOUT_FAILURE = "reason_without_failure"
    POLLING_WITHOUT_URL = "polling_without_url"
