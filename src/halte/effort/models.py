"""One effort question to one customer, and their answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import Organisation


class EffortQuestion(models.Model):
    """The question "how easy was it to get this sorted?", asked once after one occasion."""

    class Occasion(models.TextChoices):
        CASE_RESOLVED = "case_resolved", _("case resolved")
        DELIVERED_AFTER_PROBLEM = "delivered_after_problem", _("delivered after a problem")
        REFUSED_AT_DOOR = "refused_at_door", _("refused at the door")
        RETURN_SETTLED = "return_settled", _("return settled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer_email = models.EmailField(_("customer e-mail"))
    language = models.CharField(_("language"), max_length=5, default="nl")
    occasion = models.CharField(_("occasion"), max_length=32, choices=Occasion.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parcel_return = models.ForeignKey(
        "returns.Return", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"))
    dispatch = models.OneToOneField(
        "outbox.Dispatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score (1 very hard – 7 very easy)"), null=True)
    # The first answer: the window to change it or add a comment counts from here.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("answer changed at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    touchpoint = models.OneToOneField(
        "journey.Touchpoint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("effort question")
        verbose_name_plural = _("effort questions")
        indexes = [
            models.Index(fields=["customer_email", "asked_at"], name="effort_asked_recently"),
            models.Index(fields=["organisation", "asked_at"], name="effort_by_week"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=7),
                name="effort_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_email} @ {self.asked_at:%Y-%m-%d %H:%M}"

    @property
    def answered(self) -> bool:
        return self.score is not None


class AskedAddress(models.Model):
    """One row per e-mail address Halte ever asked, locked while deciding whether to ask it
    again: two occasions at the same moment (a case resolved as the parcel is delivered) are
    decided one after the other, so the throttle holds across workers."""

    email = models.EmailField(_("e-mail"), unique=True)

    class Meta:
        verbose_name = _("asked address")
        verbose_name_plural = _("asked addresses")

    def __str__(self) -> str:
        return self.email
