"""Catalogue admin: district administrators edit rules; codes are assigned, never typed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesPermissions, who

from . import services
from .models import CaseClass, ClassQuestion, MajorClass, PartType


class CatalogueAdmin(RulesAdmin):
    """Open to district administrators; nothing in the catalogue is ever deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionInline(RulesPermissions, admin.TabularInline):
    model = ClassQuestion
    extra = 0
    fields = ("order", "code", "label", "label_en", "datatype", "required", "choices")


@admin.register(MajorClass)
class MajorClassAdmin(CatalogueAdmin):
    list_display = ("code", "name", "name_en", "kind", "order")
    readonly_fields = ("code", "kind")

    def has_add_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.entry_save(row=obj, **who(request))


@admin.register(PartType)
class PartTypeAdmin(CatalogueAdmin):
    list_display = ("code", "name", "name_en", "major_name", "active")
    list_filter = ("major_name", "active")
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("code", "major_code", "major_name")

    def has_add_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.entry_save(row=obj, **who(request))


@admin.register(CaseClass)
class CaseClassAdmin(CatalogueAdmin):
    list_display = (
        "code",
        "name",
        "major",
        "kind",
        "handle_limit",
        "handle_unit",
        "priority",
        "local",
        "active",
    )
    list_filter = ("kind", "major", "priority", "public", "local", "active")
    search_fields = ("code", "name", "name_en", "initials", "keywords")
    readonly_fields = ("code", "kind", "initials", "local")
    inlines = [QuestionInline]
    actions = ["retire"]
    fieldsets = (
        (None, {"fields": ("code", "kind", "major", "part", "name", "name_en", "active")}),
        (_("Search"), {"fields": ("keywords", "initials", "description")}),
        (_("Public reporting"), {"fields": ("public", "service_type")}),
        (_("Conditions"), {"fields": ("registration_condition", "closing_condition")}),
        (
            _("Time limits"),
            {
                "fields": (
                    ("sign_limit", "sign_unit"),
                    ("handle_limit", "handle_unit"),
                    ("check_limit", "check_unit"),
                )
            },
        ),
        (
            _("Rules"),
            {
                "fields": (
                    "priority",
                    "evidence_required",
                    "anonymous_allowed",
                    "self_handle_allowed",
                    "answerable",
                    "duplicate_radius_m",
                    "local",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # The major class is chosen once, when a local class is added; it fixes the code.
        return self.readonly_fields + (("major", "part") if obj else ())

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name not in ("major", "part", "code", "kind", "local", "initials")
        }
        if change:
            services.class_update(case_class=obj, **fields, **who(request))
        else:
            created = services.class_create_local(
                major=form.cleaned_data["major"], **fields, **who(request)
            )
            obj.pk, obj.code = created.pk, created.code

    def save_formset(self, request, form, formset, change):
        """Questions are added, changed and removed through the services (audited)."""
        for question in formset.save(commit=False):
            if question.pk:
                services.question_save(question=question, **who(request))
            else:
                fields = {f: getattr(question, f) for f in QuestionInline.fields}
                services.question_add(case_class=form.instance, **fields, **who(request))
        for question in formset.deleted_objects:
            services.question_remove(question=question, **who(request))

    @admin.action(description=_("Retire the selected classes (their codes stay taken)"))
    def retire(self, request, queryset):
        for case_class in queryset:
            services.class_retire(case_class=case_class, **who(request))
