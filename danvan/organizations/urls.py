from django.urls import path

from danvan.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("<slug:code>/", views.organization_detail, name="organization_detail"),
]
