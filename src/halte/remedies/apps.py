from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediesConfig(AppConfig):
    name = "halte.remedies"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("requests to shops and carriers")

    def ready(self) -> None:
        from halte.remedies import receivers

        receivers.connect()
