from django.urls import path

from danvan.receptions import views

app_name = "receptions"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<str:public_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<str:public_id>/hold/", views.session_hold, name="session_hold"),
    path("sessions/<str:public_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/export.xlsx", views.visit_export_xlsx, name="visit_export_xlsx"),
    path("visits/export.docx", views.visit_export_docx, name="visit_export_docx"),
    path("visits/<str:public_id>/", views.visit_detail, name="visit_detail"),
    path(
        "visits/<str:public_id>/create-petition/",
        views.visit_create_petition,
        name="visit_create_petition",
    ),
    path(
        "visits/<str:public_id>/link-petition/",
        views.visit_link_petition,
        name="visit_link_petition",
    ),
]
