from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "halte.tracking"
    default_auto_field = "django.db.models.BigAutoField"
