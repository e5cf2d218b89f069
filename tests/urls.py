"""The project's URLs plus the routes of the test-only scoping app."""

from django.urls import include, path

from danvan.urls import handler404, handler500
from danvan.urls import urlpatterns as project_urlpatterns
from tests.scoping import views

urlpatterns = [
    path("scoping/<int:pk>/", views.record_detail, name="scoping_record"),
    path("api/v1/scoping/", views.RecordListApi.as_view()),
    path("api/v1/scoping/<int:pk>/", views.RecordDetailApi.as_view()),
    path("", include(project_urlpatterns)),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
