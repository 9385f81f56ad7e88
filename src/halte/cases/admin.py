from django.contrib import admin

from halte.cases.models import Case, CaseMessage, SlaPolicy


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin[SlaPolicy]):
    list_display = ["organisation", "channel", "first_response_minutes", "resolution_minutes"]
    list_filter = ["organisation", "channel"]


class CaseMessageInline(admin.TabularInline[CaseMessage, Case]):
    model = CaseMessage
    extra = 0
    can_delete = False
    fields = ["created_at", "direction", "kind", "from_address", "body_display", "dispatch"]
    readonly_fields = [
        "created_at",
        "direction",
        "kind",
        "from_address",
        "body_display",
        "dispatch",
    ]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    """Read-only overview for admins; agents work cases in the desk, through the actions."""

    list_display = ["number", "organisation", "customer_email", "state", "owner", "created_at"]
    # Named, because the admin's own guess follows only required keys: the owner is optional,
    # and would cost a query per row.
    list_select_related = ["organisation", "owner"]
    list_filter = ["organisation", "state", "channel"]
    search_fields = ["customer_email", "subject"]
    inlines = [CaseMessageInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
