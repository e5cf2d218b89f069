from django.urls import path
from rest_framework.routers import SimpleRouter

from danvan.petitions.api import PetitionViewSet
from danvan.petitions.api_attachments import (
    PetitionAttachmentDownloadView,
    PetitionAttachmentsView,
)
from danvan.petitions.api_forwarding import ForwardReceiveView
from danvan.petitions.api_notes import PetitionNotesView

router = SimpleRouter()
router.register("petitions", PetitionViewSet, basename="petition")

urlpatterns = [
    path(
        "petitions/<str:id>/attachments/",
        PetitionAttachmentsView.as_view(),
        name="petition_attachments",
    ),
    path(
        "petitions/<str:id>/attachments/<str:attachment_id>/",
        PetitionAttachmentDownloadView.as_view(),
        name="petition_attachment_download",
    ),
    path("petitions/<str:id>/notes/", PetitionNotesView.as_view(), name="petition_notes"),
    path("petitions/<str:id>/receive/", ForwardReceiveView.as_view(), name="petition_receive"),
    *router.urls,
]
