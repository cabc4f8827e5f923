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


@register.filter
def field_label(field) -> str:
    """A refused field's label (``{{ error.field|field_label }}``), never its raw key."""
    from civicgrid.web.feedback import field_label as label

    return label(field)


@register.filter
def opens(user, name: str) -> bool:
    """``{% if user|opens:"registry:persons" %}``: the page would open for the user (gates.py)."""
    from civicgrid.web.gates import opens as gate

    return gate(user, name)


@register.filter
def answered(question, answers: dict) -> str:
    """The answer to a class's question, as people read it ("" when it was not answered)."""
    if not isinstance(answers, dict) or question.code not in answers:
        return ""
    return question.answer_text(answers[question.code])
