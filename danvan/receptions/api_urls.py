from django.urls import path

from danvan.receptions import api

urlpatterns = [
    path(
        "reception-sessions/",
        api.ReceptionSessionListView.as_view(),
        name="reception_session_list",
    ),
    path(
        "reception-visits/",
        api.ReceptionVisitListView.as_view(),
        name="reception_visit_list",
    ),
    path(
        "reception-visits/<str:id>/",
        api.ReceptionVisitDetailView.as_view(),
        name="reception_visit_detail",
    ),
]
