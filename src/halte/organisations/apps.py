from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "halte.organisations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("organisations")

    def ready(self) -> None:
        # Registers the roles' permissions with django-rules.
        from halte.organisations import permissions  # noqa: F401
