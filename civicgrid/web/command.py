"""The command-centre screen (指挥中心大屏): a page for leaders and a full-screen wall display.

``?area=CODE`` drills down (street → community → grid), the figures following; the body of the
page refreshes itself every minute. ``/command/cells`` gives the map its layers (open cases, red
cards, the last days' reports) counted per cell.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.models import Area
from civicgrid.areas.selectors import area_get, area_trail, top_case_area
from civicgrid.figures import tasks
from civicgrid.figures.points import HEAT_DAYS, LAYERS, map_cells
from civicgrid.figures.selectors import area_figures
from civicgrid.figures.services import counted_at, latest
from civicgrid.web.middleware import refused

STALE = dt.timedelta(minutes=10)  # the figures per day
STALE_NOW = dt.timedelta(minutes=2)  # the open cases and red cards


def _chosen(request) -> tuple[Area, Area]:
    """The area asked for (``?area=CODE``, the user's widest by default) and that widest area;
    404 for an area outside the user's scope or a user whose scope holds no area."""
    top = top_case_area(request.user)
    if top is None:
        raise Http404
    code = request.GET.get("area", "").strip()
    area = area_get(user=request.user, code=code) if code else top
    if area is None or not area.path.startswith(top.path):
        raise Http404
    return area, top


@login_required
def command(request):
    user = request.user
    area, top = _chosen(request)
    now = timezone.now()
    # beat counts every minute and rewrites the figures every ten; without a broker (the
    # embedded default) this runs here, which a small district does not notice
    done = latest()
    if done is None or now - done.at > STALE:
        tasks.refresh.delay()
    counted = counted_at()
    if counted is None or now - counted > STALE_NOW:
        tasks.count_now.delay()
    trail = area_trail(area, top)
    return render(
        request,
        "web/command.html",
        {
            "f": area_figures(user=user, area=area, now=now),
            "trail": trail,
            "wall": request.GET.get("wall") == "1",
        },
    )


@login_required
def command_cells(request):
    """``?area=CODE&layer=open|red|reports&days=N``: the map layer's cells as JSON."""
    area, _top = _chosen(request)
    layer = request.GET.get("layer", "open")
    days = request.GET.get("days", "7")
    if layer not in LAYERS:
        return refused("layer", _("Choose one of: %(choices)s.") % {"choices": ", ".join(LAYERS)})
    if days not in {str(d) for d in HEAT_DAYS}:
        choices = ", ".join(str(d) for d in HEAT_DAYS)
        return refused("days", _("Choose one of: %(choices)s.") % {"choices": choices})
    return JsonResponse(map_cells(area=area, layer=layer, days=int(days)))
