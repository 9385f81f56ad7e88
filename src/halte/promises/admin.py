from django.contrib import admin

from halte.promises.models import Promise, PromisePolicy, Voucher


@admin.register(PromisePolicy)
class PromisePolicyAdmin(admin.ModelAdmin[PromisePolicy]):
    list_display = ["organisation", "handover_cutoff", "sort_deadline", "auto_approve_cents"]


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin[Promise]):
    list_display = ["shipment", "date", "source", "state", "broken_because", "made_at"]
    list_filter = ["state", "source", "broken_because"]
    readonly_fields = ["shipment", "previous", "made_at", "settled_at"]


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin[Voucher]):
    list_display = ["code", "order", "amount_cents", "status", "reason", "issued_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["order", "promise", "issued_by"]
