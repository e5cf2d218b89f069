from django.urls import path

from danvan.organizations import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("organizations/", api.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/<slug:code>/",
        api.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
]
