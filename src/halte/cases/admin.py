from django.contrib import admin

from halte.audit.admin import RecordsAccess
from halte.cases.models import Case, CaseMessage, IntentCorrection, IntentRoute, SlaPolicy


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
class CaseAdmin(RecordsAccess, admin.ModelAdmin[Case]):
    subject_name = "case"  # opening or saving a row is in the audit trail

    """Read-only overview for admins; agents work cases in the desk, through the actions."""

    list_display = [
        "number",
        "organisation",
        "customer_email",
        "intent",
        "needs_person",
        "state",
        "owner",
        "created_at",
    ]
    # Named, because the admin's own guess follows only required keys: the owner is optional,
    # and would cost a query per row.
    list_select_related = ["organisation", "owner"]
    list_filter = ["organisation", "state", "channel", "intent", "needs_person"]
    search_fields = ["customer_email", "subject"]
    inlines = [CaseMessageInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(IntentRoute)
class IntentRouteAdmin(admin.ModelAdmin[IntentRoute]):
    """Which team takes which reason; without a row the default of cases.reading applies."""

    list_display = ["organisation", "intent", "team"]
    list_filter = ["organisation", "intent"]


@admin.register(IntentCorrection)
class IntentCorrectionAdmin(admin.ModelAdmin[IntentCorrection]):
    """The agents' corrections: the training examples `train_understanding` can add."""

    list_display = ["case", "read_as", "intent", "by", "at"]
    list_select_related = ["case", "by"]
    list_filter = ["intent", "read_as"]
    readonly_fields = ["case", "text", "language", "read_as", "intent", "by", "at"]

    def has_add_permission(self, request: object) -> bool:
        return False
