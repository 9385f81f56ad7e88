"""Top-level routes: tracking page, API, admin, language switch."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from halte.api import api
from halte.mail.webhooks import provider_webhook_urls
from halte.organisations.views import logo

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="tracking:lookup", permanent=False)),
    path("track/", include("halte.tracking.urls")),
    path("track/", include("halte.selfservice.urls")),
    path("", include("halte.cases.urls")),
    path("", include("halte.effort.urls")),
    path("desk/", include("halte.desk.urls")),
    # A shop's uploaded logo, shown in the header of its pages and mail.
    path("brand/<slug:slug>/logo", logo, name="brand_logo"),
    path("driver/", include("halte.drivers.urls")),
    path("gift/", include("halte.gifts.urls")),
    # Anymail's provider webhooks, refused without a secret and never answered with a 500.
    path("anymail/", include(provider_webhook_urls)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
