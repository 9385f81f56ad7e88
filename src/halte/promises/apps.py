from django.apps import AppConfig


class PromisesConfig(AppConfig):
    name = "halte.promises"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from halte.promises.receivers import connect

        connect()
