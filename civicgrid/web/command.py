"""The command-centre wall (指挥中心大屏): one page for a leader's desk and for the wall display
(``?wall=1``: full screen, no navigation), dark, for 1920×1080 and larger (and 1440×900).

``?area=CODE`` drills down (district → street → community → grid) and stays on the wall, with a
breadcrumb; an area outside the user's scope is a 404. The page answers from the kept figures
(``civicgrid.figures``) and a few indexed counts; what changes by the minute is loaded after the
first paint and polled: the new reports (``/command/feed``), the overdue and red-card cases
(``/command/overdue``), the grid workers on duty (``/command/duty``), the map's cells
(``/command/cells``). The figures' rewrite never runs while someone waits for the page (it took
seconds after a restart): the scheduler beside the server does it, and when the figures are
stale the page asks for it in the background. How each area is coloured: a sequential scale over
the real range of the areas below, and absolute thresholds (``WallThresholds``, changed by an
administrator or a district leader at ``/command/thresholds``).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ModelForm
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicgrid.accounts import permissions
from civicgrid.accounts.scope import area_get, top_case_area
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import area_trail, grid_ids_under
from civicgrid.cases import wall
from civicgrid.core.kept import kept
from civicgrid.core.replicas import reads_from_replica
from civicgrid.core.scheduler import Lock
from civicgrid.figures import tasks
from civicgrid.figures.points import HEAT_DAYS, LAYERS, map_cells
from civicgrid.figures.selectors import area_figures
from civicgrid.figures.services import DAYS, counted_at, latest
from civicgrid.web.middleware import refused

from .models import WallThresholds
from .templatetags.civicgrid_web import deadline_text

STALE = dt.timedelta(minutes=10)  # the figures per day
STALE_NOW = dt.timedelta(minutes=2)  # the open cases and red cards
OVERDUE_KEPT = dt.timedelta(seconds=30)
_refreshing = threading.Lock()
_asked_at: float | None = None  # when this process last asked for a rewrite (monotonic)


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


def _scheduler_running() -> bool:
    """Whether ``civicgrid scheduler`` runs beside the server (it holds its lock file)."""
    lock = Lock(settings.VAR_DIR / "scheduler.lock")
    if lock.acquire():
        lock.release()
        return False
    return True


COUNT_ONLY = (
    "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
    "django.setup(); from civicgrid.figures.services import count_now; count_now()"
)
REWRITE = "from civicgrid.cli import main; main(['civicgrid', 'figures'])"


def _in_background(*, rewrite: bool) -> None:
    """Count the open cases (and, with ``rewrite``, rewrite the figures) without keeping anyone
    waiting: with a broker, tasks; without one, the scheduler beside the server does both
    (every minute, every 10 minutes); without a scheduler either, a process of its own at a
    lower priority, at most one every 2 minutes from this process. Not a thread: rewriting
    takes seconds of Python, and the pages would wait for it."""
    global _asked_at
    now = time.monotonic()
    with _refreshing:
        if _asked_at is not None and now - _asked_at < STALE_NOW.total_seconds():
            return
        _asked_at = now
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # every worker process asks at most once in a while, and the task does nothing when
        # another ask has already been answered (a rewrite takes tens of seconds at city
        # scale: every leader's page asking for one queued a rewrite each)
        tasks.count_now.delay(stale_after=STALE_NOW.total_seconds())
        if rewrite:
            tasks.refresh.delay(stale_after=STALE.total_seconds())
        return
    if _scheduler_running():
        return
    # our own code, nothing of the request in it
    subprocess.Popen(
        [sys.executable, "-c", REWRITE if rewrite else COUNT_ONLY],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: os.nice(10),  # before exec: only a nice
    )


def _keep_fresh(now: dt.datetime) -> None:
    # beat counts every minute and rewrites the figures every ten. Without a broker the
    # scheduler beside the server does the same; when the figures are stale (a server started
    # without it, or just restarted) they are made in the background, and only a database that
    # never had any figures makes them here, once.
    done = latest()
    counted = counted_at()
    if done is None:  # never made: every day the charts show
        tasks.refresh.delay(stale_after=STALE.total_seconds(), days=DAYS)
    if counted is None:
        tasks.count_now.delay(stale_after=STALE_NOW.total_seconds())
    rewrite = done is not None and now - done.at > STALE
    recount = counted is not None and now - counted > STALE_NOW
    if rewrite or recount:
        _in_background(rewrite=rewrite)


def _thresholds() -> wall.Thresholds:
    t = WallThresholds.current()
    return wall.Thresholds(
        open_amber=t.open_amber, open_red=t.open_red, red_amber=t.red_amber, red_red=t.red_red
    )


def _shade(area: Area, f: dict, limits: wall.Thresholds) -> dict:
    """The children's colours: their step on the sequential scale of open cases and of red
    cards (each over its real range), and their status against the absolute thresholds."""
    children = list(Area.objects.filter(parent=area, code__in=[c["code"] for c in f["children"]]))
    grids = wall.grid_counts(area, children)
    bins = {key: wall.scale(c[key] for c in f["children"]) for key in ("open", "red")}
    for c in f["children"]:
        c["grids"] = grids.get(c["code"], 0)
        c["open_step"] = wall.step_of(c["open"], bins["open"])
        c["red_step"] = wall.step_of(c["red"], bins["red"])
        c["status"] = wall.status(open_=c["open"], red=c["red"], grids=c["grids"], limits=limits)
    return bins


@login_required
@reads_from_replica
def command(request):
    user = request.user
    area, top = _chosen(request)
    now = timezone.now()
    _keep_fresh(now)
    f = area_figures(user=user, area=area, now=now)
    limits = _thresholds()
    bins = _shade(area, f, limits)
    grid_ids = grid_ids_under(area)
    channels = wall.today_by_channel(grid_ids=grid_ids, now=now)
    f["charts"]["channels"] = channels
    mine = wall.status(open_=f["open"], red=f["red"], grids=max(1, len(grid_ids)), limits=limits)
    return render(
        request,
        "web/command.html",
        {
            "f": f,
            "area": area,
            "trail": area_trail(area, top),
            "wall": request.GET.get("wall") == "1",
            "bins": bins,
            "limits": limits,
            "status": mine,
            "channels": channels,
            "can_set": _may_set_thresholds(user),
            # the wall's clock shows the district's time whatever the browser's zone
            "clock": _clock(now),
            "labels": {
                "reported": _("Reported"),
                "closed": _("Closed"),
                "cases": _("cases"),
                "day": _("day"),
                "hour": _("hour of day"),
                "open": _("Open"),
                "red": _("Red card"),
                "seen": _("last seen"),
            },
        },
    )


def _clock(now: dt.datetime) -> dict:
    """The district's time zone (settings.TIME_ZONE) for the wall's clock: its name (for the
    browser's Intl) and its offset from UTC now, in minutes (if Intl does not know the name)."""
    offset = timezone.localtime(now).utcoffset() or dt.timedelta(0)
    return {"zone": settings.TIME_ZONE, "offset": int(offset.total_seconds() // 60)}


def _part(request, area: Area, template: str, context: dict):
    return render(
        request, template, {"area": area, "wall": request.GET.get("wall") == "1", **context}
    )


def _feed(area: Area) -> dict:
    return {"items": wall.new_reports(grid_ids=grid_ids_under(area))}


def _overdue(area: Area, now: dt.datetime) -> dict:
    # a district's overdue cases at city scale (175,000 of them) took 0.5–1 s to count and rank:
    # when slow, kept half a minute for every wall showing the area (each polls every 15 s)
    got = kept(
        "wall:overdue",
        [area.path],
        lambda: wall.overdue(grid_ids=grid_ids_under(area), now=now),
        keep=OVERDUE_KEPT,
    )
    for c in got["items"]:
        if c["due"] is not None:
            c["over"] = c["due"] < now
            c["text"] = deadline_text(c["due"], now)
    return {"late": got}


def _duty(area: Area, now: dt.datetime) -> dict:
    return {"duty": wall.on_duty(area=area, now=now)}


@login_required
@reads_from_replica
def command_live(request):
    """What changes by the minute, in one answer (polled every 15 s): the new reports, the
    overdue and red-card cases, the grid workers on duty."""
    area, _top = _chosen(request)
    now = timezone.now()
    context = {**_feed(area), **_overdue(area, now), **_duty(area, now), "now": now}
    return _part(request, area, "web/wall_live.html", context)


@login_required
@reads_from_replica
def command_feed(request):
    """The latest reports of the area, newest first (polled every 15 s)."""
    area, _top = _chosen(request)
    return _part(request, area, "web/wall_feed.html", _feed(area))


@login_required
@reads_from_replica
def command_overdue(request):
    """The overdue and red-card cases of the area, with the unit responsible (every 30 s)."""
    area, _top = _chosen(request)
    return _part(request, area, "web/wall_overdue.html", _overdue(area, timezone.now()))


@login_required
def command_duty(request):
    """The grid workers of the area, on duty today first, with where they were last seen."""
    area, _top = _chosen(request)
    return _part(request, area, "web/wall_duty.html", _duty(area, timezone.now()))


@login_required
@reads_from_replica
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


def _may_set_thresholds(user) -> bool:
    """District-wide: an administrator of the district's rules, or a leader of the district."""
    if permissions.can_manage_rules(user):
        return True
    top = top_case_area(user)
    return top is not None and top.level <= AreaLevel.DISTRICT and permissions.can_lead(user, top)


class ThresholdsForm(ModelForm):
    class Meta:
        model = WallThresholds
        fields = ["open_amber", "open_red", "red_amber", "red_red"]


@login_required
@require_http_methods(["GET", "POST"])
def command_thresholds(request):
    """The wall's absolute thresholds, for an administrator or a leader of the district."""
    if not _may_set_thresholds(request.user):
        raise Http404
    current = WallThresholds.current()
    form = ThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The wall's thresholds are saved."))
        return redirect("command")
    return render(
        request, "web/wall_thresholds.html", {"form": form}, status=400 if form.errors else 200
    )
