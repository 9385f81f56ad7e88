from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EffortConfig(AppConfig):
    name = "halte.effort"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("customer effort")

    def ready(self) -> None:
        from halte.effort import receivers

        receivers.connect()
