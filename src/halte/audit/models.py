"""The audit trail: who viewed, exported, changed, erased or revealed personal data, and why.

A row is written once and never changed or removed: `save()` refuses an existing row,
`delete()` refuses, and so do the queryset's `update()` and `delete()`. On PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE for anything that bypasses the ORM.
A row names *what* was touched (`case:12`, `person:<sha256 of the e-mail>`), never the
personal data itself.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import ApiToken, Organisation


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a row of the audit trail."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("the audit trail is append-only: no update")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("the audit trail is append-only: no delete")

    # bulk_update goes through update(); refuse it by name too, for a clear message.
    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("the audit trail is append-only: no update")


class AccessRecord(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("view")
        EXPORT = "export", _("export")
        CHANGE = "change", _("change")
        ERASE = "erase", _("erase")
        REVEAL = "reveal", _("reveal")

    # PROTECT: an organisation, a person or a token that left a trace cannot vanish from
    # under it (deactivate an account or revoke a token instead).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="access_records"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_records",
        verbose_name=_("actor"),
    )
    token = models.ForeignKey(
        ApiToken,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_records",
        verbose_name=_("API token"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    subject = models.CharField(_("subject"), max_length=100)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "subject", "-at"], name="access_by_subject"),
            models.Index(fields=["organisation", "-at"], name="access_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("the audit trail is append-only: no update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("the audit trail is append-only: no delete")
