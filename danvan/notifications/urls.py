from django.urls import path

from danvan.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "commitments/<int:pk>/read/",
        views.commitment_reminder_read,
        name="commitment_reminder_read",
    ),
]
