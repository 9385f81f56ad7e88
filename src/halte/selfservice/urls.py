from django.urls import path

from halte.selfservice import views

app_name = "selfservice"

urlpatterns = [
    path("s/<str:token>/address/", views.correct_address, name="address"),
    path("s/<str:token>/not-received/", views.not_received, name="not_received"),
    path("s/<str:token>/damage/", views.report_damage, name="damage"),
    path("s/<str:token>/cases/", views.my_cases, name="my_cases"),
    path("s/<str:token>/return/", views.start_return, name="start_return"),
    path("s/<str:token>/cases/<int:case_id>/close/", views.close_case, name="close_case"),
    path("undo/<str:token>/", views.undo_address, name="undo_address"),
]
