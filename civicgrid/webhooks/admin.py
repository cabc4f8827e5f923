"""Webhook subscribers and their deliveries, kept by district administrators."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesAdmin

from . import services
from .models import Delivery, EventType, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("event types"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscription
        fields = ("name", "url", "events", "paused")


@admin.register(Subscription)
class SubscriptionAdmin(RulesAdmin):
    form = SubscriptionForm
    list_display = ("name", "url", "paused", "created_at")
    list_filter = ("paused",)
    actions = ["pause", "resume"]

    def save_model(self, request, obj, form, change):
        if change:
            services.subscription_save(subscription=obj)
            return
        sub, secret = services.subscription_create(
            name=obj.name, url=obj.url, events=form.cleaned_data["events"], by=request.user
        )
        if obj.paused:
            services.subscriptions_pause(Subscription.objects.filter(pk=sub.pk))
        obj.pk = sub.pk
        messages.warning(
            request,
            _("The signing secret of %(name)s is %(secret)s — copy it now: it is not shown again.")
            % {"name": sub.name, "secret": secret},
        )

    def delete_model(self, request, obj):
        services.subscriptions_delete(Subscription.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.subscriptions_delete(queryset)

    @admin.action(description=_("Pause the selected subscribers"))
    def pause(self, request, queryset):
        services.subscriptions_pause(queryset)

    @admin.action(description=_("Resume the selected subscribers"))
    def resume(self, request, queryset):
        services.subscriptions_pause(queryset, paused=False)
        services.retry_due()


@admin.register(Delivery)
class DeliveryAdmin(RulesAdmin):
    list_display = (
        "pk",
        "subscription",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event_type", "subscription")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected deliveries again now"))
    def send_again(self, request, queryset):
        now = timezone.now()
        ids = list(queryset.values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).exclude(status=Delivery.Status.SENT).update(
            status=Delivery.Status.QUEUED, next_attempt_at=now
        )
        counts = services.deliver(ids, now=now)
        messages.info(request, _("Sent: %(sent)s, failed: %(failed)s.") % counts)
