"""Routing rules in the admin: saved through the services, so a tie is refused with a message."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import ModelAdminMixin, RulesAdmin, who

from . import services
from .models import EscalationRule, ResponsibilityRule, SupervisionThreshold

TARGET = ("case_class", "major", "area")


class ConflictWarning(ModelAdminMixin):
    def changelist_view(self, request, extra_context=None):
        for a, b in services.conflicts():
            messages.error(
                request,
                _("Rules %(a)s and %(b)s cover the same class, area and level: deactivate one.")
                % {"a": a.pk, "b": b.pk},
            )
        return super().changelist_view(request, extra_context)


class NoTieForm(forms.ModelForm):
    """Refuses, as a form error on the class field, a rule that would tie with another."""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        candidate = self._meta.model(
            pk=self.instance.pk,
            **{f: cleaned.get(f) for f in (*TARGET, "level") if f in cleaned},
            active=cleaned.get("active", True),
        )
        if services.ties(candidate):
            self.add_error("case_class", services.TIE_MESSAGE)
        return cleaned


@admin.register(ResponsibilityRule)
class ResponsibilityRuleAdmin(ConflictWarning, RulesAdmin):
    form = NoTieForm
    list_display = ("id", "case_class", "major", "area", "level", "lead_unit", "active")
    list_filter = ("level", "active", "major")
    search_fields = ("case_class__code", "case_class__name", "lead_unit__name", "note")
    raw_id_fields = ("case_class", "area", "lead_unit")
    filter_horizontal = ("cooperating_units",)

    def save_model(self, request, obj, form, change):
        services.rule_save(rule=obj, **who(request))

    def save_related(self, request, form, formsets, change):
        # cooperating units go through the service too (it drops the lead unit from them)
        services.rule_save(
            rule=form.instance,
            cooperating=form.cleaned_data["cooperating_units"],
            **who(request),
        )


@admin.register(SupervisionThreshold)
class SupervisionThresholdAdmin(RulesAdmin):
    form = NoTieForm
    list_display = ("id", "case_class", "major", "area", "level", "yellow_percent", "red_percent")
    list_filter = ("level", "active")
    raw_id_fields = ("case_class", "area")

    def save_model(self, request, obj, form, change):
        services.threshold_save(rule=obj, **who(request))


@admin.register(EscalationRule)
class EscalationRuleAdmin(RulesAdmin):
    list_display = ("id", "case_class", "major", "area", "area_level", "priority", "to_tier")
    list_filter = ("to_tier", "area_level", "priority", "active")
    raw_id_fields = ("case_class", "area", "takeover_unit")
    filter_horizontal = ("notify_units",)

    def save_model(self, request, obj, form, change):
        services.escalation_save(rule=obj, **who(request))

    def save_related(self, request, form, formsets, change):
        services.escalation_save(
            rule=form.instance, notify=form.cleaned_data["notify_units"], **who(request)
        )
