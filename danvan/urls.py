from django.contrib import admin
from django.urls import include, path

from danvan.api.errors import json_or_html_not_found, json_or_html_server_error

urlpatterns = [
    path("", include("danvan.core.urls")),
    path("accounts/", include("danvan.accounts.urls")),
    path("audit/", include("danvan.audit.urls")),
    path("places/", include("danvan.places.urls")),
    path("organizations/", include("danvan.organizations.urls")),
    path("deadlines/", include("danvan.deadlines.urls")),
    path("petitions/", include("danvan.petitions.urls")),
    path("receptions/", include("danvan.receptions.urls")),
    path("notifications/", include("danvan.notifications.urls")),
    path("cong-dan/", include("danvan.portal.urls")),
    path("open311/v2/", include("danvan.open311.urls")),
    path("compensation/", include("danvan.compensation.urls")),
    path("dialogues/", include("danvan.dialogues.urls")),
    path("consultations/", include("danvan.consultations.urls")),
    path("democracy/", include("danvan.democracy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("danvan.api.urls")),
]

handler404 = json_or_html_not_found
handler500 = json_or_html_server_error
