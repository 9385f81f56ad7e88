"""The audit trail in the admin: read-only; and the mixin that records admin views and saves."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from halte.audit.actions import record_access
from halte.audit.models import AccessRecord
from halte.limits import client_of


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin[AccessRecord]):
    """Nobody adds, changes or deletes a row here: the trail is written by `record_access`."""

    list_display = ["at", "organisation", "actor", "token", "action", "subject", "reason"]
    list_select_related = ["organisation", "actor", "token"]
    list_filter = ["organisation", "action"]
    search_fields = ["subject", "actor__username", "token__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RecordsAccess:
    """For a ModelAdmin of rows with personal data and an `organisation`: opening a row's
    change page is recorded as a view, saving it as a change (`<subject_name>:<pk>`)."""

    subject_name = ""

    def _record(self, request: HttpRequest, obj: Model, action: str, detail: str) -> None:
        user = request.user if request.user.is_authenticated else None
        record_access(
            organisation=obj.organisation,  # type: ignore[attr-defined]
            actor=user,
            action=action,
            subject=f"{self.subject_name}:{obj.pk}",
            detail=detail,
            client_address=client_of(request),
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response: HttpResponse = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context
        )
        context = getattr(response, "context_data", None) or {}
        original = context.get("original")
        if request.method == "GET" and response.status_code == 200 and original is not None:
            self._record(request, original, AccessRecord.Action.VIEW, "admin")
        return response

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if change:
            self._record(request, obj, AccessRecord.Action.CHANGE, "admin")
