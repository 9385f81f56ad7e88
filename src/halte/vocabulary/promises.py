"""Where a delivery promise stands: words the shipment's story and the promises app share."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PromiseState(models.TextChoices):
    OPEN = "open", _("open")
    KEPT = "kept", _("kept")
    BROKEN = "broken", _("broken")


class PromiseSource(models.TextChoices):
    CHECKOUT = "checkout", _("webshop checkout")
    CARRIER = "carrier", _("carrier")
    REPROMISE = "repromise", _("re-promise")


class RiskRule(StrEnum):
    """Why a promise will not be met; the value is what a policy lists and a promise keeps."""

    NOT_HANDED_OVER = "not_handed_over"  # not with the carrier by the cut-off the day before
    NO_SORT_SCAN = "no_sort_scan"  # with the carrier, not sorted by the deadline on the day
    FAILED_ATTEMPT = "failed_attempt"  # a delivery attempt failed, or an exception
    WINDOW_PASSED = "window_passed"  # the delivery window ended without delivery
    CARRIER_ETA_LATE = "carrier_eta_late"  # the carrier's own window is after the promise


def broken_reason(rule: str, carrier: str) -> str:
    """Why a promise broke, as the end of "we promised …, but …", in the active language: the
    re-promise mail and the tracking page say it the same way."""
    reasons: dict[str, str] = {
        RiskRule.NOT_HANDED_OVER: gettext("your order was not handed to %(carrier)s in time"),
        RiskRule.NO_SORT_SCAN: gettext(
            "your parcel has not been sorted at %(carrier)s's depot yet"
        ),
        RiskRule.FAILED_ATTEMPT: gettext("the delivery attempt did not succeed"),
        RiskRule.WINDOW_PASSED: gettext("the planned delivery time passed without delivery"),
        RiskRule.CARRIER_ETA_LATE: gettext(
            "%(carrier)s now expects to deliver later than we promised"
        ),
    }
    said = reasons.get(rule, gettext("something delayed your parcel"))
    return said % {"carrier": carrier}
