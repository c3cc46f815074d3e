"""The audits' people pickers that search as you type (bexley_qa/people/pickers.py): each pool
checks access as the page with its form does."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from bexley_qa.people import pickers
from bexley_qa.people.access import can_allocate, children_for_allocation_lookup
from bexley_qa.people.models import User

from . import access
from .practice_week import access as practice_week_access


def auditors_for_child(request: HttpRequest, case_id: str) -> QuerySet[User]:
    """Who may audit this child's case, for the allocation page (business support, PSQA)."""
    can_allocate.require(request.user)
    child = get_object_or_404(children_for_allocation_lookup(request.user), case_id=case_id)
    return access.eligible_auditors_for(child)


def observers(request: HttpRequest, key: str) -> QuerySet[User]:
    practice_week_access.can_record_observation.require(request.user)
    return practice_week_access.observers_for(request.user)


def register_audit_pools() -> None:
    pickers.register("auditors-for-child", auditors_for_child)
    pickers.register("observers", observers)
