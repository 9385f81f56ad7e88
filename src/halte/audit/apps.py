from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "halte.audit"
    default_auto_field = "django.db.models.BigAutoField"
    # Dutch: "audittrail" (through the translation catalogue).
    verbose_name = _("audit trail")
