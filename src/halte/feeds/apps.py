from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "halte.feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's place to connect receivers: the task layer listens to the feeds' verbs.
        from halte.feeds import tasks

        tasks.connect()
