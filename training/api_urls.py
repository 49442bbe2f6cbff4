"""API routes of the training app (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from training import apis

router = SimpleRouter()
router.register("training/programmes", apis.ProgrammeViewSet, basename="training-programme")
router.register("training/enrolments", apis.EnrolmentViewSet, basename="training-enrolment")
router.register("training/vacancies", apis.VacancyViewSet, basename="training-vacancy")
router.register("training/applications", apis.ApplicationViewSet, basename="training-application")

urlpatterns = [
    path("training/matches/", apis.MatchesView.as_view(), name="training-matches"),
    *router.urls,
]
