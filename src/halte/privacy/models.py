"""How long an organisation keeps the personal data of settled shipments and cases."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation

# Without a policy of its own, an organisation keeps personal data this long after settling.
DEFAULT_RETENTION_DAYS = 180


class RetentionPolicy(models.Model):
    """Days after which a settled shipment's or case's personal data are pseudonymised."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_policy"
    )
    days = models.PositiveIntegerField(
        _("days kept after settling"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
        help_text=_(
            "Names, addresses, e-mail addresses, phone numbers and message texts of delivered "
            "shipments and resolved cases are pseudonymised this many days after they settle."
        ),
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.days}"
