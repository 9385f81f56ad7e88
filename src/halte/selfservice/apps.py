from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "halte.selfservice"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("self-service")

    def ready(self) -> None:
        from halte.selfservice import receivers

        receivers.connect()
