"""Template tags of the web interface."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicgrid.cases import answers
from civicgrid.core.feedback import field_label as label
from civicgrid.web import filters
from civicgrid.web.gates import opens as gate

register = template.Library()


@register.inclusion_tag("web/_saved_filters.html", takes_context=True)
def saved_filters(context, list_name: str):
    """The user's saved filters of this list, and a form to save the current one."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("after", None)
    return {
        "list_name": list_name,
        "saved": filters.links(request.user, list_name),
        "query": query.urlencode(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def field_label(field) -> str:
    """A refused field's label (``{{ error.field|field_label }}``), never its raw key."""
    return label(field)


@register.filter
def opens(user, name: str) -> bool:
    """``{% if user|opens:"registry:persons" %}``: the page would open for the user (gates.py)."""
    return gate(user, name)


@register.filter
def answers_of(case) -> list[tuple[str, str]]:
    """``{% for question, answer in case|answers_of %}``: the case's answers to its class's
    questions by their texts and labels (``cases.answers.lines``), never by their codes."""
    return answers.lines(case.case_class.questions.all(), case.answers)


def _span(seconds: int) -> str:
    """ "3小时12分" / "3 h 12 min": the words and joining of the countdown in page.js."""
    minutes = max(0, abs(seconds) // 60)
    days, hours, mins = minutes // 1440, (minutes % 1440) // 60, minutes % 60
    parts = []
    if days:
        parts.append(_("%(days)s d") % {"days": days})
    if hours:
        parts.append(_("%(hours)s h") % {"hours": hours})
    if not days and (mins or not hours):
        parts.append(_("%(minutes)s min") % {"minutes": mins})
    return ("" if (get_language() or "").startswith("zh") else " ").join(parts)


def deadline_text(due, now) -> str:
    """What a deadline badge says before the page's countdown (page.js) takes over, in the same
    words: "剩 3小时12分" or "超时 2小时" (wall-clock time, like the countdown)."""
    seconds = int((due - now).total_seconds())
    if seconds >= 0:
        return _("%(time)s left") % {"time": _span(seconds)}
    return _("%(time)s overdue") % {"time": _span(seconds)}


@register.simple_tag
def deadline_badge(deadline) -> str:
    """``{% deadline_badge d %}``: the ``.cg-deadline`` badge of a deadline (``cases.deadlines.
    Deadline``, or None for nothing) — its colour (``is-ok``, ``is-yellow``, ``is-red``,
    ``is-over``), ``data-due`` for the countdown in page.js, the time left as its text and the
    deadline itself as its title."""
    if deadline is None:
        return ""
    now = timezone.now()
    due = deadline.due
    return format_html(
        '<span class="cg-deadline is-{}" data-due="{}" title="{}">{}</span>',
        deadline.level(now),
        due.isoformat(),
        date_format(timezone.localtime(due), "Y-m-d H:i"),
        deadline_text(due, now),
    )
