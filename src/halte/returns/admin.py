from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from halte.outbox.models import Dispatch
from halte.returns.models import Return, ReturnPolicy, ReturnReason


class ReturnReasonInline(admin.TabularInline[ReturnReason, ReturnPolicy]):
    model = ReturnReason
    extra = 1


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(admin.ModelAdmin[ReturnPolicy]):
    list_display = ["organisation", "window_days", "offers_drop_off", "offers_pickup", "on_refusal"]
    inlines = [ReturnReasonInline]


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin[Return]):
    list_display = [
        "shipment",
        "original",
        "reason",
        "refused_at_door",
        "label",
        "request_state",
        "refund",
        "opened_at",
    ]
    list_filter = ["organisation", "reason", "refused_at_door", "label", "refund"]
    list_select_related = ["shipment", "original", "label_request", "remedy_request"]
    readonly_fields = [
        "organisation",
        "original",
        "shipment",
        "case",
        "label_request",
        "remedy_request",
        "opened_at",
        "settled_at",
    ]

    @admin.display(description=_("request to the shop"))
    def request_state(self, ret: Return) -> str:
        """Whether the label or remedy request reached the shop's system."""
        states = [d.state for d in (ret.label_request, ret.remedy_request) if d is not None]
        if Dispatch.State.FAILED in states:
            return str(_("failed: not delivered"))
        if not states:
            return "—"
        return str(Dispatch.State(states[0]).label)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            listed = response.context_data["cl"].queryset
            # Counts per reason over what the filters show: which reasons hurt most.
            response.context_data["reason_counts"] = list(
                listed.order_by().values("reason").annotate(n=Count("pk")).order_by("-n", "reason")
            )
        return response
