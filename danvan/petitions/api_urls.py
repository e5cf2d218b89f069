from rest_framework.routers import SimpleRouter

from danvan.petitions.api import PetitionViewSet

router = SimpleRouter()
router.register("petitions", PetitionViewSet, basename="petition")

urlpatterns = router.urls
