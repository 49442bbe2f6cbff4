"""API routes of the training app (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from training.apis import applications, matching, training, vacancies

router = SimpleRouter()
router.register("training/programmes", training.ProgrammeViewSet, basename="training-programme")
router.register("training/enrolments", training.EnrolmentViewSet, basename="training-enrolment")
router.register("training/vacancies", vacancies.VacancyViewSet, basename="training-vacancy")
router.register("training/applications", applications.ApplicationViewSet, basename="training-application")

urlpatterns = [
    path("training/matches/", matching.MatchesView.as_view(), name="training-matches"),
    *router.urls,
]
