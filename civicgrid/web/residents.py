"""A resident never sees the staff application (issue #18 §3).

A signed-in user whose only role is resident has their own area (/portal/me/). The menu shows
them nothing else, and a staff page reached by a typed or old link answers the site's 404, as it
would for anyone out of scope. Pages with their own answer for a resident (the staff case page
and the case list redirect to the resident's own view; the public pages) are not listed here.
"""

from __future__ import annotations

from django.http import Http404

from civicgrid.cases.portal_resident import is_resident_only

#: URL namespaces that are wholly the staff application
STAFF_NAMESPACES = frozenset({"disputes", "evaluation", "registry", "filters"})
#: single staff pages outside those namespaces (the areas' base map, extent, point look-up and
#: outline stay open: the resident's report form and case page draw them; so does the API
#: tokens page, as an integration's account may hold no role)
STAFF_PAGES = frozenset(
    {
        "areas:tree",
        "areas:detail",
        "areas:export",
        "workbench",
        "inbox_link",
        "accounts:power_audit",
    }
)


class ResidentAreaMiddleware:
    """Answers 404 to a resident (no role but resident) on the staff application's pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not is_resident_only(request.user):
            return None
        if match.namespaces and match.namespaces[0] in STAFF_NAMESPACES:
            raise Http404
        if match.view_name in STAFF_PAGES or match.view_name.startswith("command"):
            raise Http404
        return None
