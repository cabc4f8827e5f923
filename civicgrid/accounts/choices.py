from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles a person may hold (docs/admin-guide.md). A role is granted on an organisation
    unit."""

    ADMIN = "admin", _("System administrator")
    LEADER = "leader", _("Leader")
    OPERATOR = "operator", _("Operator")
    SHIFT_LEAD = "shift_lead", _("Shift lead")
    DISPATCHER = "dispatcher", _("Dispatcher")
    SUPERVISOR = "supervisor", _("Supervisor / grid worker")
    GRID_LEADER = "grid_leader", _("Grid leader")
    HANDLER = "handler", _("Handler")
    MEDIATOR = "mediator", _("Mediator")
    COUNCIL_MEMBER = "council_member", _("Council member")
    RESIDENT = "resident", _("Resident")


class UnitKind(models.TextChoices):
    """Kinds of organisation unit."""

    DEPARTMENT = "department", _("Functional department")
    STATIONED_TEAM = "stationed_team", _("Stationed team")
    STREET_OFFICE = "street_office", _("Street office")
    TOWN_GOVERNMENT = "town_government", _("Town government")
    COMMUNITY_COMMITTEE = "community_committee", _("Community residents' committee")
    WORK_STATION = "work_station", _("Community work station")
    GRID_CENTRE = "grid_centre", _("Grid / linkage centre")
    MEDIATION_CENTRE = "mediation_centre", _("Mediation centre")
    SERVICE_CENTRE = "service_centre", _("Service centre")
    PROPERTY_COMPANY = "property_company", _("Property company")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    PARTY_ORGANISATION = "party_organisation", _("Party organisation")
    RESIDENT_UNIT = "resident_unit", _("Resident unit")


class Sensitivity(models.IntegerChoices):
    """How sensitive a tag is; a grant's clearance must reach it to see names."""

    PUBLIC = 0, _("Public")
    INTERNAL = 1, _("Internal")
    SENSITIVE = 2, _("Sensitive")
    RESTRICTED = 3, _("Restricted")
