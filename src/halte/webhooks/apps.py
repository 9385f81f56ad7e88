from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "halte.webhooks"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("webhooks")
