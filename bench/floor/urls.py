from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from floorapp.models import Item


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def rows(request: HttpRequest) -> HttpResponse:
    return render(request, "rows.html", {"items": Item.objects.order_by("pk")[:20]})


urlpatterns = [path("ok", ok), path("rows", rows)]
