from django.urls import path

from .calculator import calculator

urlpatterns = [
    path("cek-kelayakan/", calculator, name="calculator"),
]
