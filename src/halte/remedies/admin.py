"""Requests to shops and carriers in the admin: what was asked, whether it arrived, the answer."""

from django.contrib import admin

from halte.remedies.models import CaseRequest


@admin.register(CaseRequest)
class CaseRequestAdmin(admin.ModelAdmin[CaseRequest]):
    list_display = ["created_at", "organisation", "case", "kind", "state", "answered_at"]
    list_filter = ["state", "kind"]
    readonly_fields = ["organisation", "case", "shipment", "requested_by", "dispatch"]
