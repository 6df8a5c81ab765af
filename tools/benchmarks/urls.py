"""The app's URLs plus the benchmark's floor: a signed-in page that renders only the base layout.

The floor goes through the same middleware, session, second-factor check and context processors as
every page, so "a key page's median is at most 3.5 × the floor's" compares what the page itself adds.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from empowerment.urls import urlpatterns as app_urlpatterns


@login_required
@require_GET
def floor(request):
    return render(request, "benchmarks/floor.html")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
