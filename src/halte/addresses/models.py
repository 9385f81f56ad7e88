"""Addresses from an open extract (BAG for the Netherlands), one row per address."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisteredAddress(models.Model):
    country = models.CharField(_("country"), max_length=2, default="NL")
    postcode = models.CharField(_("postcode"), max_length=8)  # stored compact: 3731HK
    house_number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(_("addition"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=200)
    city = models.CharField(_("city"), max_length=100)

    class Meta:
        verbose_name = _("registered address")
        verbose_name_plural = _("registered addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "postcode", "house_number", "addition"],
                name="registered_address_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "street", "house_number"], name="address_by_street"),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}{self.addition}, {self.postcode} {self.city}"
