from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShipmentsConfig(AppConfig):
    name = "halte.shipments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("shipments")
