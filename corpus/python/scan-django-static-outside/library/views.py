import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def _hours() -> dict:
    with open(settings.OPENING_HOURS_FILE) as fh:
        return json.load(fh)


def home(request):
    return render(request, "library/home.html", {"hours": _hours()})


def hours(request):
    return JsonResponse(_hours())
