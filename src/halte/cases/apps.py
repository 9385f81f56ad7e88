from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "halte.cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from halte.cases import receivers

        receivers.connect()
