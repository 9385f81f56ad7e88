from django.urls import path

from halte.effort import views

app_name = "effort"

urlpatterns = [
    path("effort/<str:token>/", views.question_view, name="question"),
]
