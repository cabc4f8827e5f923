"""What everyone reads of the service catalogue: the items offered, searched by words in their
name, code or conditions and by category, with their materials."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .models import Material, ServiceItem


def items_offered(words: str = "", category: str = "") -> QuerySet[ServiceItem]:
    items = ServiceItem.objects.filter(active=True).select_related("office")
    for word in words.split()[:5]:
        items = items.filter(
            Q(name__icontains=word) | Q(code__iexact=word) | Q(conditions__icontains=word)
        )
    if category:
        items = items.filter(category=category)
    return items.prefetch_related(Prefetch("materials", Material.objects.order_by("position")))
