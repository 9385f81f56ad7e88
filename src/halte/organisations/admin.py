from django.contrib import admin

from halte.organisations.models import ApiToken, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "kind", "created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["organisation", "name", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "team"]
    list_filter = ["organisation", "role"]
