from django.urls import path

from halte.drivers import views

app_name = "drivers"

urlpatterns = [
    path("", views.sign_in, name="sign_in"),
    path("link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("stops/", views.stops, name="stops"),
    path("stops/<int:stop_id>/", views.tap, name="tap"),
]
