from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "halte.returns"
    default_auto_field = "django.db.models.BigAutoField"
    # "retouren" in Dutch, through the catalogue.
    verbose_name = _("returns")
