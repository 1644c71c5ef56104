from django.http import JsonResponse
from django.shortcuts import render

TASKS = ["Write the agenda", "Book the room", "Send the invitations"]


def index(request):
    return render(request, "board/index.html", {"tasks": TASKS})


def health(request):
    return JsonResponse({"ok": True, "tasks": len(TASKS)})
