from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "halte.mail"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("mail")

    def ready(self) -> None:
        from anymail.signals import inbound

        from halte.mail.webhooks import receive_from_provider

        inbound.connect(receive_from_provider, dispatch_uid="halte.mail.inbound")
