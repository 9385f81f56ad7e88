"""The outbox in the admin: what waits, what failed for good, and a button to send again."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from halte.outbox.actions import do_send_again
from halte.outbox.models import Dispatch
from halte.outbox.queries import outbox_figures


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin[Dispatch]):
    change_list_template = "admin/outbox/dispatch/change_list.html"
    list_display = [
        "created_at",
        "organisation",
        "channel",
        "recipient",
        "subject",
        "state",
        "attempts",
        "not_before",
        "last_error",
    ]
    list_filter = ["state", "channel", "organisation"]
    search_fields = ["recipient", "subject", "key"]
    readonly_fields = [f.name for f in Dispatch._meta.fields if f.name != "body"] + ["shown_body"]
    exclude = ["body"]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("body"))
    def shown_body(self, dispatch: Dispatch) -> str:
        return _("(hidden: it holds a one-time code)") if dispatch.sensitive else dispatch.body

    @admin.action(description=gettext_lazy("Send again (failed or waiting)"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Dispatch]) -> None:
        count = do_send_again(queryset)
        self.message_user(
            request, _("%(count)s message(s) will be sent again.") % {"count": count}, messages.INFO
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "figures": outbox_figures()}
        return super().changelist_view(request, extra_context=context)
