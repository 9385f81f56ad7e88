"""Where a delivery promise stands: words the shipment's story and the promises app share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PromiseState(models.TextChoices):
    OPEN = "open", _("open")
    KEPT = "kept", _("kept")
    BROKEN = "broken", _("broken")


class PromiseSource(models.TextChoices):
    CHECKOUT = "checkout", _("webshop checkout")
    CARRIER = "carrier", _("carrier")
    REPROMISE = "repromise", _("re-promise")
