from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("", views.index, name="index"),
    path("monthly/<int:pk>.pdf", views.pdf, name="pdf"),
]
