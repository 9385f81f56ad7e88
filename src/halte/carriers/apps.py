from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "halte.carriers"
    default_auto_field = "django.db.models.BigAutoField"
