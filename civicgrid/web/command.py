"""The command-centre screen (指挥中心大屏): a page for leaders and a full-screen wall display.

``?area=CODE`` drills down (street → community → grid), the figures following; the body of the
page refreshes itself every minute.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import area_get
from civicgrid.figures import tasks
from civicgrid.figures.selectors import area_figures
from civicgrid.figures.services import latest

STALE = dt.timedelta(minutes=10)


def _top_area(user) -> Area | None:
    """Where the user's case scope starts: their widest area (the district for a superuser)."""
    paths = permissions.scope_paths(user, permissions.VIEW_CASES)
    if paths is None:
        return Area.objects.filter(level=2, active=True).order_by("code").first()
    if not paths:
        return None
    return Area.objects.filter(path=min(paths, key=len)).first()


@login_required
def command(request):
    user = request.user
    top = _top_area(user)
    if top is None:
        raise Http404
    code = request.GET.get("area", "").strip()
    area = area_get(user=user, code=code) if code else top
    if area is None or not area.path.startswith(top.path):
        raise Http404
    done = latest()
    if done is None or timezone.now() - done.at > STALE:
        # beat rewrites the figures every ten minutes; without a broker (the embedded default)
        # this runs here, which a small district does not notice
        tasks.refresh.delay()
    trail = [a for a in Area.objects.filter(code__in=area.path.strip("/").split("/"))]
    trail = sorted((a for a in trail if a.path.startswith(top.path)), key=lambda a: len(a.path))
    return render(
        request,
        "web/command.html",
        {
            "f": area_figures(user=user, area=area),
            "trail": trail,
            "wall": request.GET.get("wall") == "1",
        },
    )
