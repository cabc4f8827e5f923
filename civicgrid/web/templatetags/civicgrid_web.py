"""Template tags of the web interface."""

from django import template

from civicgrid.web import filters

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
