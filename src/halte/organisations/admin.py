from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from halte.organisations.models import ApiToken, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "display_name", "slug", "kind", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    # Every address here is a web address a page or mail links to: https is the only scheme.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country"]}),
        (
            _("Brand: how customers see the shop"),
            {
                "fields": [
                    "display_name",
                    "logo_file",
                    "logo_url",
                    "brand_colour",
                    "contact_url",
                    "privacy_url",
                ]
            },
        ),
        (
            _("Mail: who it comes from and how it is signed"),
            {"fields": ["support_sender_name", "support_email", "signature"]},
        ),
        (
            _("Service"),
            {
                "fields": [
                    "business_hours_start",
                    "business_hours_end",
                    "damage_remedies",
                    "webhook_url",
                    "webhook_secret",
                ]
            },
        ),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["organisation", "name", "prefix", "scopes", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "team", "signature_name"]
    list_filter = ["organisation", "role"]
