from rest_framework.routers import SimpleRouter

from danvan.dialogues.api import DialogueViewSet

router = SimpleRouter()
router.register("dialogues", DialogueViewSet, basename="dialogue")

urlpatterns = [*router.urls]
