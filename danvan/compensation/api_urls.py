from rest_framework.routers import SimpleRouter

from danvan.compensation.api import HouseholdViewSet, ProgramViewSet

router = SimpleRouter()
router.register("compensation/programs", ProgramViewSet, basename="compensation-program")
router.register("compensation/households", HouseholdViewSet, basename="compensation-household")

urlpatterns = [*router.urls]
