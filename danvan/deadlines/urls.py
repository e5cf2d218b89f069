from django.urls import path

from danvan.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/days/", views.calendar_day_add, name="calendar_day_add"),
    path("calendar/days/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<str:code>/", views.rule_detail, name="rule_detail"),
    path("rules/<str:code>/edit/", views.rule_edit, name="rule_edit"),
]
