from django.db import models
from django.utils.translation import gettext_lazy as _


class BuildingType(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    MIXED = "mixed", _("Mixed use")
    PUBLIC = "public", _("Public")
    INDUSTRIAL = "industrial", _("Industrial")
    OTHER = "other", _("Other")


class HouseUse(models.TextChoices):
    OWNER_OCCUPIED = "owner", _("Owner-occupied")
    RENTED = "rented", _("Rented out")
    VACANT = "vacant", _("Vacant")
    COMMERCIAL = "commercial", _("Commercial")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    OTHER = "other", _("Other document (passport, permit)")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered (hukou)")
    RESIDENT = "resident", _("Permanent resident")
    FLOATING = "floating", _("Floating")
    OVERSEAS = "overseas", _("Overseas")


class ResidenceKind(models.TextChoices):
    OWN = "own", _("Lives in own house")
    RENT = "rent", _("Rents")
    LODGE = "lodge", _("Lodges")


class Relation(models.TextChoices):
    HEAD = "head", _("Householder")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "relative", _("Other relative")
    TENANT = "tenant", _("Tenant")
    OTHER = "other", _("Other")


class TagGroup(models.TextChoices):
    SERVICE = "service", _("Service group")
    SPECIAL = "special", _("Special group managed by law")
    PARTY = "party", _("Party member")
    VOLUNTEER = "volunteer", _("Volunteer")
    OTHER = "other", _("Other")


class UnitKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    SHOP = "shop", _("Shop")
    COMMERCIAL_BUILDING = "commercial_building", _("Commercial building")
    SCHOOL = "school", _("School")
    PUBLIC_PLACE = "public_place", _("Public place")
    HAZARDOUS = "hazardous", _("Dangerous-chemicals unit")
    OTHER = "other", _("Other")


class StaffPostKind(models.TextChoices):
    GRID_LEADER = "grid_leader", _("Grid leader")
    BUILDING_LEADER = "building_leader", _("Building leader")
    COMMUNITY_POLICE = "community_police", _("Community police officer")


class AccessChannel(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    CLI = "cli", _("Command line")
