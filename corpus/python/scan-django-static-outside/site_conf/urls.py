from django.urls import path

from library import views

urlpatterns = [path("", views.home), path("hours", views.hours)]
