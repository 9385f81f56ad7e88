"""Effort questions in the admin: read only, since an answer is the customer's own."""

from django.contrib import admin
from django.http import HttpRequest

from halte.effort.models import EffortQuestion


@admin.register(EffortQuestion)
class EffortQuestionAdmin(admin.ModelAdmin[EffortQuestion]):
    list_display = [
        "customer_email",
        "organisation",
        "occasion",
        "asked_at",
        "score",
        "answered_at",
    ]
    list_filter = ["occasion", "score", "organisation"]
    search_fields = ["customer_email"]
    date_hierarchy = "asked_at"
    list_select_related = ["organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: EffortQuestion | None = None
    ) -> bool:
        return False
