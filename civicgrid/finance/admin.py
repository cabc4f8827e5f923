"""Community finance in the admin: shown to administrators for reference, each row in their
scope; changed on the finance pages, where the rules apply (budgets from above, claims reviewed
by someone else, never beyond the line or the balance)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import Allocation, Budget, Claim, Receipt, Statement


@admin.register(Budget)
class BudgetAdmin(ViewOnly, ScopedAdmin):
    list_display = ["area", "year", "category", "amount", "source"]
    list_filter = ["year", "category", "source"]


@admin.register(Allocation)
class AllocationAdmin(ViewOnly, ScopedAdmin):
    list_display = ["area", "received_on", "amount", "source", "department"]
    list_filter = ["source"]


class ReceiptInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Receipt
    fields = ("number", "issuer", "issued_on", "amount", "scan")
    extra = 0


@admin.register(Claim)
class ClaimAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "area", "amount", "spent_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "project"]
    inlines = [ReceiptInline]


@admin.register(Statement)
class StatementAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["area", "year", "quarter", "published_on"]
