from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "halte.outbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's place to connect receivers: the task layer listens to the outbox.
        from halte.outbox import tasks

        tasks.connect()
