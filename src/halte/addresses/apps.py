from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AddressesConfig(AppConfig):
    name = "halte.addresses"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("address register")
