from django.urls import path

from .calculator import SimulateApi

urlpatterns = [
    path("eligibility/simulate/", SimulateApi.as_view(), name="eligibility-simulate"),
]
