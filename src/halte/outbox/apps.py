from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "halte.outbox"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("outbox")

    def ready(self) -> None:
        # Django's place to connect receivers: the task layer listens to the outbox.
        from halte.outbox import tasks

        tasks.connect()
