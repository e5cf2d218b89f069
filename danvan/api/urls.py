from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from danvan.api.auth import AuthTokenView

app_name = "api"

urlpatterns = [
    path("auth/token/", AuthTokenView.as_view(), name="auth_token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("danvan.places.api_urls")),
    path("", include("danvan.organizations.api_urls")),
    path("", include("danvan.deadlines.api_urls")),
    path("", include("danvan.petitions.api_urls")),
    path("", include("danvan.receptions.api_urls")),
    path("", include("danvan.compensation.api_urls")),
    path("", include("danvan.dialogues.api_urls")),
    path("", include("danvan.consultations.api_urls")),
]
