from django.urls import path

from halte.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("s/<str:token>/", views.shipment, name="shipment"),
]
