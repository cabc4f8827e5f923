"""The knowledge base's pages, for staff: search it (and the articles due for review), read an
article with its versions, write one (administrators and the owning unit), mark it reviewed; and
the intake's panel of articles matching what the caller says."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.cases.choices import Action
from civicgrid.cases.transitions import ROLES
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.forms import acted

from . import knowledge
from .knowledge_forms import ArticleForm, ReviewForm
from .knowledge_models import Article
from .views import LIMIT

ANSWERERS = ROLES[Action.ANSWER]


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not knowledge.may_read(user):
        raise Http404
    return user


def may_open(user) -> bool:
    return knowledge.may_read(user)


def _owners(user: User):
    units = OrgUnit.objects.filter(active=True, kind__in=knowledge.OWNER_KINDS).order_by("code")
    if permissions.can_manage_rules(user):
        return units
    return units.filter(pk__in=knowledge.owned_units(user))


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    q = request.GET.get("q", "").strip()[: knowledge.MAX_QUERY]
    due = request.GET.get("due") == "1"
    if q:
        articles = knowledge.search(q, limit=30)
    elif due:
        articles = list(knowledge.due_for_review().select_related("owner").order_by("review_by"))
    else:
        articles = list(Article.objects.filter(active=True).select_related("owner")[:200])
    return render(request, "insight/articles.html", {
        "articles": articles, "q": q, "due": due, "today": timezone.localdate(),
        "may_write": bool(_owners(user).exists()) and (
            permissions.can_manage_rules(user) or permissions.is_staff_member(user)),
        "due_count": knowledge.due_for_review().count(),
    })  # fmt: skip


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    found = get_object_or_404(Article.objects.select_related("owner"), pk=pk)
    keeps = knowledge.may_keep(user, found.owner)
    form = ReviewForm(request.POST or None, auto_id="review_%s") if keeps else None
    if request.method == "POST" and form is not None:
        done = acted(request, form, lambda data: knowledge.article_reviewed(
            actor=user, article=found, review_by=data["review_by"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("insight:article", found.pk)
    return render(request, "insight/article.html", {
        "a": found, "keeps": keeps, "review_form": form, "today": timezone.localdate(),
        "versions": found.versions.select_related("edited_by"),
        "classes": found.classes.all(), "items": found.items.all(),
    })  # fmt: skip


@login_required
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _reader(request)
    found = get_object_or_404(Article, pk=pk) if pk else None
    if found is not None and not knowledge.may_keep(user, found.owner):
        raise Http404
    owners = _owners(user)
    if not owners.exists():
        raise Http404
    initial = {}
    if found is not None:
        initial = {f: getattr(found, f) for f in ("title", "answer", "responsible",
                                                  "resident_can", "keywords", "owner",
                                                  "review_by", "active")}  # fmt: skip
        initial["classes"] = " ".join(found.classes.values_list("code", flat=True))
    else:
        initial = {"review_by": timezone.localdate().replace(year=timezone.localdate().year + 1),
                   "active": True}  # fmt: skip
    form = ArticleForm(request.POST or None, initial=initial, owners=owners, auto_id="kb_%s")
    if request.method == "POST":
        done = acted(request, form, lambda data: knowledge.article_save(
            actor=user, article=found, note=data.pop("note"), classes=data.pop("classes"),
            **data))  # fmt: skip
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("insight:article", done.pk)
    return render(request, "insight/article_edit.html", {"form": form, "a": found})


def answers(user) -> bool:
    """Those who answer a consultation on the spot (the case action's roles: operators and shift
    leads); others are not offered the article's answer button."""
    return any(g.role in ANSWERERS for g in permissions.grants(user))


@login_required
def hints(request: HttpRequest) -> HttpResponse:
    """The intake's panel: the articles matching what the caller says (``description``)."""
    user = _reader(request)
    if not LIMIT.hit(f"user:{user.pk}"):
        return HttpResponse(_("Too many requests: wait a little."), status=429)
    text = request.GET.get("description", "")
    found = knowledge.search(text, limit=3) if len(text.strip()) >= 2 else []
    if not found:
        return render(request, "insight/_hints.html", {"articles": found})
    # a consultation is answered from an article on the spot: offered once its class is chosen
    answerable = CaseClass.objects.filter(answerable=True, active=True).order_by("code")
    code = request.GET.get("case_class", "").strip().upper()
    return render(
        request,
        "insight/_hints.html",
        {
            "articles": found,
            "answering": any(c.code == code for c in answerable) and answers(user),
            "answerable": answerable[:3],
        },
    )
