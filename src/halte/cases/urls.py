from django.urls import path

from halte.cases import views

app_name = "cases"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("case/<str:token>/", views.customer_case, name="customer_case"),
    path(
        "case/<str:token>/attachments/<int:attachment_id>/",
        views.customer_attachment,
        name="attachment",
    ),
]
