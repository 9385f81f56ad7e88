from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "halte.tracking"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("tracking")

    def ready(self) -> None:
        from halte.tracking.receivers import connect

        connect()
