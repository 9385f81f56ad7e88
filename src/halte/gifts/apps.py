from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GiftsConfig(AppConfig):
    name = "halte.gifts"
    default_auto_field = "django.db.models.BigAutoField"
    # "cadeaus / gifts"
    verbose_name = _("gifts")

    def ready(self) -> None:
        from halte.gifts import receivers

        receivers.connect()
