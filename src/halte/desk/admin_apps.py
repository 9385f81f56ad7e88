"""Django's admin app, with Halte's admin site (kept apart: app configs load before models)."""

from django.contrib.admin.apps import AdminConfig


class SignInAdmin(AdminConfig):
    default_site = "halte.desk.admin_site.SignInAdminSite"
