from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    name = "halte.journey"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("customer journey")
