"""Gifts in the admin: the shop's fields; the notes read-only, as they were relayed."""

from django.contrib import admin

from halte.gifts.models import Gift, GiftNote


class GiftNoteInline(admin.TabularInline[GiftNote, Gift]):
    model = GiftNote
    extra = 0
    can_delete = False
    fields = ("created_at", "direction", "via", "text")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: Gift | None = None) -> bool:
        return False


@admin.register(Gift)
class GiftAdmin(admin.ModelAdmin[Gift]):
    list_display = ("order", "organisation", "sender_choice", "revealed_at", "created_at")
    list_filter = ("sender_choice", "organisation")
    search_fields = ("order__reference",)
    raw_id_fields = ("order",)
    readonly_fields = ("revealed_at", "created_at", "updated_at")
    inlines = (GiftNoteInline,)
