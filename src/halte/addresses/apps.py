from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "halte.addresses"
    default_auto_field = "django.db.models.BigAutoField"
