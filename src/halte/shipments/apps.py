from django.apps import AppConfig


class ShipmentsConfig(AppConfig):
    name = "halte.shipments"
    default_auto_field = "django.db.models.BigAutoField"
