from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "halte.mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anymail.signals import inbound

        from halte.mail.webhooks import receive_from_provider

        inbound.connect(receive_from_provider, dispatch_uid="halte.mail.inbound")
