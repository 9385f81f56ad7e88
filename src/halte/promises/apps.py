from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "halte.promises"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("promises")

    def ready(self) -> None:
        from halte.promises.receivers import connect

        connect()
