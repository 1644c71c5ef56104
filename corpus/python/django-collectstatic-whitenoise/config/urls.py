from django.urls import path

from board import views

urlpatterns = [path("", views.index), path("health", views.health)]
