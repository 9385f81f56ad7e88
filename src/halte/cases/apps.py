from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "halte.cases"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("cases")

    def ready(self) -> None:
        from halte.cases import receivers

        receivers.connect()
