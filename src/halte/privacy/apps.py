from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "halte.privacy"
    default_auto_field = "django.db.models.BigAutoField"
    # "privacy / privacy": the same word in Dutch and English.
    verbose_name = _("privacy and retention")
