from __future__ import annotations

from django.urls import path

from danvan.democracy import views

app_name = "democracy"

urlpatterns = [
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/export.xlsx", views.publication_export, name="publication_export"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<str:public_id>/", views.publication_detail, name="publication_detail"),
    path(
        "publications/<str:public_id>/take-down/",
        views.publication_take_down,
        name="publication_take_down",
    ),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<str:public_id>/", views.decision_detail, name="decision_detail"),
    path(
        "decisions/<str:public_id>/recognize/",
        views.decision_recognize,
        name="decision_recognize",
    ),
    path("decisions/<str:public_id>/cancel/", views.decision_cancel, name="decision_cancel"),
]
