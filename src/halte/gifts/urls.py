from django.urls import path

from halte.gifts import views

app_name = "gifts"

urlpatterns = [
    path("s/<str:token>/thank/", views.thank, name="thank"),
    path("reveal/<str:token>/", views.reveal, name="reveal"),
    path("photo/<str:token>/", views.photo, name="photo"),
]
