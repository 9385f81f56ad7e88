from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DriversConfig(AppConfig):
    name = "halte.drivers"
    default_auto_field = "django.db.models.BigAutoField"
    # "Bezorgers / drivers": the Dutch name comes from the catalogue.
    verbose_name = _("drivers")
