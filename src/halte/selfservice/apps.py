from django.apps import AppConfig


class SelfserviceConfig(AppConfig):
    name = "halte.selfservice"
    default_auto_field = "django.db.models.BigAutoField"
