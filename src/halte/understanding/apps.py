from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnderstandingConfig(AppConfig):
    name = "halte.understanding"
    verbose_name = _("understanding customers' messages")

    def ready(self) -> None:
        from halte.understanding import checks  # noqa: F401 -- registers the system check
