from django.urls import path

from danvan.places import views

app_name = "places"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
]
