"""The refusals that are the cases' own words (the shared ones are ``core.errors.ErrorCode``).
Clients read ``code``: the values are stable."""

from __future__ import annotations

from enum import StrEnum


class CasesError(StrEnum):
    # intake: what is reported, where and by whom
    UNKNOWN_CLASS = "unknown_class"
    UNKNOWN_BUILDING = "unknown_building"
    UNKNOWN_ADDRESS = "unknown_address"
    OUTSIDE_DISTRICT = "outside_district"
    NO_LOCATION = "no_location"
    OUTSIDE_SCOPE = "outside_scope"
    NOT_PUBLIC = "not_public"  # a channel the public may not report through
    ANONYMOUS_NOT_ALLOWED = "anonymous_not_allowed"
    NOT_REPORTER = "not_reporter"  # only the reporter may do this
    # steps of the workflow
    UNKNOWN_ACTION = "unknown_action"
    OUTSIDE_AREA = "outside_area"  # the unit does not serve the case's place
    EVIDENCE_REQUIRED = "evidence_required"
    NO_REQUEST = "no_request"  # nothing waits to be granted or refused
    SUSPENDED = "suspended"
    NOT_SUSPENDED = "not_suspended"
    RATED = "rated"
    NOT_DISSATISFIED = "not_dissatisfied"
    # photos
    PHOTO_TOO_LARGE = "photo_too_large"
    PHOTO_TYPE = "photo_type"
    TOO_MANY_PHOTOS = "too_many_photos"
