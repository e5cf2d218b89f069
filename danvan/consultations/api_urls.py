from rest_framework.routers import SimpleRouter

from danvan.consultations.api import ConsultationViewSet

router = SimpleRouter()
router.register("consultations", ConsultationViewSet, basename="consultation")

urlpatterns = [*router.urls]
