from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "halte.feeds"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("carrier feeds")

    def ready(self) -> None:
        # Django's place to connect receivers: the task layer listens to the feeds' verbs.
        from halte.feeds import receivers, tasks

        tasks.connect()
        receivers.connect()
