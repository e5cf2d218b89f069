from django.urls import path

from danvan.places import api

urlpatterns = [
    path("admin-units/", api.AdminUnitListView.as_view(), name="admin_unit_list"),
    path("admin-units/<str:code>/", api.AdminUnitDetailView.as_view(), name="admin_unit_detail"),
]
